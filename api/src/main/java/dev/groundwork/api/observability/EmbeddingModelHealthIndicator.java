package dev.groundwork.api.observability;

import dev.groundwork.runtime.embedding.OnnxEmbedder;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code embeddingModel}: the model's name and dimensions, up when it embeds a
 * short text into a vector of those dimensions. The result is kept a few seconds, so that frequent
 * health checks do not compete with ingestion for the model.
 */
@Component
class EmbeddingModelHealthIndicator implements HealthIndicator {

    private static final Duration FRESH_FOR = Duration.ofSeconds(10);

    private final OnnxEmbedder embedder;
    private final CachedValue<Health> health;

    EmbeddingModelHealthIndicator(OnnxEmbedder embedder) {
        this.embedder = embedder;
        this.health = new CachedValue<>(FRESH_FOR, this::check);
    }

    @Override
    public Health health() {
        return health.get();
    }

    private Health check() {
        Health.Builder health =
                Health.up().withDetail("model", embedder.modelName()).withDetail("dimensions", embedder.dimensions());
        try {
            long started = System.nanoTime();
            float[] vector = embedder.embedQuery("health check");
            if (vector.length != embedder.dimensions()) {
                return health.down()
                        .withDetail(
                                "error",
                                "embedded into " + vector.length + " dimensions; expected " + embedder.dimensions())
                        .build();
            }
            return health.withDetail("embedMs", (System.nanoTime() - started) / 1_000_000)
                    .build();
        } catch (RuntimeException e) {
            return health.down().withException(e).build();
        }
    }
}
