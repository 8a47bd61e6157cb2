package dev.groundwork.vectorstore;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the chunk index: applies the catalog's outbox, in order, from the position
 * recorded in the index's last commit. A new or deleted index therefore rebuilds itself from the
 * catalog, and an index left behind by a crash resumes where its last commit stopped.
 */
public final class OutboxIndexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxIndexer.class);
    private static final int BATCH = 512;

    private final OutboxSource source;
    private final ChunkIndex index;
    private final ScheduledExecutorService poller;

    public OutboxIndexer(OutboxSource source, ChunkIndex index) {
        this.source = source;
        this.index = index;
        this.poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outbox-indexer").daemon(true).factory());
    }

    /** Polls the outbox every {@code intervalMillis} in the background. */
    public void start(long intervalMillis) {
        poller.scheduleWithFixedDelay(this::catchUpQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Applies every operation now in the outbox; returns how many were applied. */
    public synchronized int catchUp() {
        int applied = 0;
        while (true) {
            List<IndexOperation> batch = source.operationsAfter(index.lastAppliedOutboxId(), BATCH);
            if (batch.isEmpty()) {
                return applied;
            }
            index.apply(batch);
            applied += batch.size();
        }
    }

    private void catchUpQuietly() {
        try {
            int applied = catchUp();
            if (applied > 0) {
                log.info("Indexed {} outbox operations, up to id {}", applied, index.lastAppliedOutboxId());
            }
        } catch (RuntimeException e) {
            // The next poll retries from the last committed position; nothing is lost.
            log.error("Applying the index outbox failed; retrying on the next poll", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
