package dev.groundwork.api.observability;

import dev.groundwork.vectorstore.ChunkIndex;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Health component {@code index}: the Lucene chunk index's chunk count and how far it lags behind
 * the catalog's outbox; down when the index cannot be read.
 */
@Component
class IndexHealthIndicator implements HealthIndicator {

    private final ChunkIndex index;
    private final JdbcClient jdbc;

    IndexHealthIndicator(ChunkIndex index, DataSource dataSource) {
        this.index = index;
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public Health health() {
        Health.Builder health;
        long applied;
        try {
            applied = index.lastAppliedOutboxId();
            health = Health.up().withDetail("chunks", index.chunkCount()).withDetail("lastAppliedOutboxId", applied);
        } catch (RuntimeException e) {
            return Health.down().withException(e).build();
        }
        try {
            long newest = jdbc.sql("select coalesce(max(id), 0) from index_outbox")
                    .query(Long.class)
                    .single();
            // The outbox may have been emptied after a rebuild, leaving the index ahead of max(id).
            health.withDetail("newestOutboxId", newest).withDetail("outboxLag", Math.max(0, newest - applied));
        } catch (RuntimeException e) {
            // The db component reports the database; the index itself is readable.
            health.withDetail("outboxLag", "unknown: " + e.getMessage());
        }
        return health.build();
    }
}
