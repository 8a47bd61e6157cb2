package dev.groundwork.api.observability;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ingestion as read from the catalog's {@code ingest_item} table: the queue depth ({@value
 * #QUEUE_DEPTH}), and counters of finished items ({@value #ITEMS}, tag {@code status}) and of the
 * chunks they wrote ({@value #CHUNKS}).
 *
 * <p>The counters are totals over the catalog rather than increments at the moment an item
 * finishes: the ingest module has no listener for finished items, and a finished item never goes
 * back to pending, so the totals only grow (they start at what earlier runs ingested, which
 * Prometheus's {@code rate()} does not mind). One query answers every meter; its result is kept for
 * a few seconds so that scrapes stay cheap.
 */
@Component
class IngestMetrics implements MeterBinder {

    static final String QUEUE_DEPTH = "groundwork.ingest.queue.depth";
    static final String ITEMS = "groundwork.ingest.items";
    static final String CHUNKS = "groundwork.ingest.chunks";

    private static final Logger log = LoggerFactory.getLogger(IngestMetrics.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    /** The counts of one query; {@code queued} items are pending or claimed by a worker. */
    private record Totals(long queued, long done, long skipped, long failed, long chunks) {

        static final Totals NONE = new Totals(0, 0, 0, 0, 0);
    }

    private final JdbcClient jdbc;
    private final CachedValue<Totals> totals;
    private volatile Totals last = Totals.NONE;

    IngestMetrics(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.totals = new CachedValue<>(FRESH_FOR, this::read);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(QUEUE_DEPTH, this, metrics -> metrics.totals.get().queued())
                .description("Ingest items not yet finished: pending, or being ingested")
                .register(registry);
        counter(registry, "done", Totals::done);
        counter(registry, "skipped", Totals::skipped);
        counter(registry, "failed", Totals::failed);
        FunctionCounter.builder(CHUNKS, this, metrics -> metrics.totals.get().chunks())
                .description("Chunks written by ingested items")
                .register(registry);
    }

    private void counter(MeterRegistry registry, String status, ToDoubleFunction<Totals> count) {
        FunctionCounter.builder(ITEMS, this, metrics -> count.applyAsDouble(metrics.totals.get()))
                .description("Ingest items finished, by how they ended")
                .tag("status", status)
                .register(registry);
    }

    private Totals read() {
        try {
            last = jdbc.sql("""
                            select count(*) filter (where status in ('pending', 'running')),
                                   count(*) filter (where status = 'done'),
                                   count(*) filter (where status = 'skipped'),
                                   count(*) filter (where status = 'failed'),
                                   coalesce(sum(chunks) filter (where status = 'done'), 0)
                            from ingest_item""")
                    .query((rs, n) ->
                            new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                    .single();
        } catch (RuntimeException e) {
            // The database health shows the cause; counters keep their last values rather than drop.
            log.warn("Cannot read the ingest totals for the metrics: {}", e.getMessage());
        }
        return last;
    }
}
