package dev.groundwork.api.observability;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value computed at most once per time to live: health checks and scrapes that read something
 * costly (a model, a database, a remote server) stay cheap however often they are called.
 */
final class CachedValue<T> {

    private final Supplier<T> compute;
    private final long ttlNanos;
    private T value;
    private long computedAt;

    CachedValue(Duration ttl, Supplier<T> compute) {
        this.compute = compute;
        this.ttlNanos = ttl.toNanos();
    }

    /** The value, computed again when it is older than the time to live; callers meanwhile wait for it. */
    synchronized T get() {
        long now = System.nanoTime();
        if (value == null || now - computedAt >= ttlNanos) {
            value = compute.get();
            computedAt = System.nanoTime();
        }
        return value;
    }
}
