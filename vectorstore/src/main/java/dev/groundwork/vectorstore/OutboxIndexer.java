package dev.groundwork.vectorstore;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
    private static final int BATCH = 1024;
    /** Commits at most this often while operations keep coming; each commit costs an fsync. */
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final OutboxSource source;
    private final ChunkIndex index;
    /**
     * While operations keep coming (bulk ingestion) the poll interval doubles up to this many times
     * the configured one: each poll then indexes more chunks at once, and the refresh after it writes
     * fewer, larger segments, which saves most of the HNSW graph merging. The first poll after an
     * idle one comes at the configured interval again.
     */
    private static final int MAX_BACKOFF = 8;

    private final ScheduledExecutorService scheduler;
    private long lastCommit = System.nanoTime();
    private long pollInterval;
    private long nextDelay;

    public OutboxIndexer(OutboxSource source, ChunkIndex index) {
        this.source = source;
        this.index = index;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("outbox-indexer").daemon(true).factory());
        // close() must not wait for the next scheduled poll.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = executor;
    }

    /**
     * Polls the outbox in the background: every {@code intervalMillis} while it is idle, less often
     * (up to {@value #MAX_BACKOFF} times) while operations keep coming.
     */
    public void start(long intervalMillis) {
        pollInterval = intervalMillis;
        nextDelay = intervalMillis;
        scheduler.schedule(this::pollAndReschedule, 0, TimeUnit.MILLISECONDS);
    }

    private void pollAndReschedule() {
        int applied = pollQuietly();
        nextDelay = applied > 0 ? Math.min(nextDelay * 2, pollInterval * MAX_BACKOFF) : pollInterval;
        try {
            scheduler.schedule(this::pollAndReschedule, nextDelay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // close() was called: no further polls.
        }
    }

    /** Compares the index with the catalog every {@code intervalMillis}, repairing differences. */
    public void checkPeriodically(long intervalMillis) {
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        ConsistencyReport report = check(true);
                        if (!report.consistent()) {
                            log.warn("The chunk index differed from the catalog and was repaired: {}", report);
                        }
                    } catch (RuntimeException e) {
                        log.error("Checking the chunk index against the catalog failed", e);
                    }
                },
                intervalMillis,
                intervalMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Applies every operation now in the outbox and commits; returns how many were applied. */
    public synchronized int catchUp() {
        int applied = applyUpTo(Long.MAX_VALUE);
        commit();
        return applied;
    }

    /**
     * Rebuilds the index from the catalog's chunks and their stored embeddings (nothing is
     * re-embedded). Searches keep seeing the old index until the new one is complete.
     *
     * @return the number of chunks indexed
     */
    public synchronized int rebuild() {
        int count = index.replaceAll(source);
        lastCommit = System.nanoTime();
        log.info(
                "Rebuilt the chunk index from the catalog: {} chunks, up to outbox id {}",
                count,
                index.lastAppliedOutboxId());
        // Operations committed while the snapshot was read come after it in the outbox.
        catchUp();
        return count;
    }

    /**
     * Compares the chunk ids in the index with those in the catalog at one outbox position, and
     * with {@code repair} adds the missing chunks and removes the extra ones.
     */
    public synchronized ConsistencyReport check(boolean repair) {
        OutboxSource.ChunkIds catalog = source.chunkIds();
        // Holding the writer, the index cannot pass the snapshot: bring it exactly to the snapshot.
        applyUpTo(catalog.lastOutboxId());
        long[] indexed = index.chunkIds();
        long[] missing = difference(catalog.ids(), indexed);
        long[] extra = difference(indexed, catalog.ids());
        boolean repaired = false;
        if (repair && (missing.length > 0 || extra.length > 0)) {
            index.repair(source.chunks(missing), extra);
            repaired = true;
        }
        commit();
        return new ConsistencyReport(
                catalog.lastOutboxId(), catalog.ids().length, indexed.length, missing.length, extra.length, repaired);
    }

    private int applyUpTo(long lastId) {
        int applied = 0;
        while (index.lastAppliedOutboxId() < lastId) {
            List<IndexOperation> batch = source.operationsAfter(index.lastAppliedOutboxId(), BATCH).stream()
                    .filter(operation -> operation.outboxId() <= lastId)
                    .toList();
            if (batch.isEmpty()) {
                break;
            }
            index.apply(batch);
            applied += batch.size();
        }
        return applied;
    }

    private void commit() {
        index.commit();
        lastCommit = System.nanoTime();
    }

    /** Applies what the outbox holds; returns how many operations that was (0 after a failure). */
    private synchronized int pollQuietly() {
        try {
            int applied = applyUpTo(Long.MAX_VALUE);
            if (applied > 0) {
                log.debug("Indexed {} outbox operations, up to id {}", applied, index.lastAppliedOutboxId());
            }
            if (System.nanoTime() - lastCommit > COMMIT_INTERVAL_NANOS) {
                commit();
            }
            return applied;
        } catch (RuntimeException e) {
            // The next poll retries from the last applied position; nothing is lost.
            log.error("Applying the index outbox failed; retrying on the next poll", e);
            return 0;
        }
    }

    /** The values of sorted {@code a} that sorted {@code b} lacks. */
    private static long[] difference(long[] a, long[] b) {
        long[] out = new long[a.length];
        int n = 0;
        int j = 0;
        for (long value : a) {
            while (j < b.length && b[j] < value) {
                j++;
            }
            if (j == b.length || b[j] != value) {
                out[n++] = value;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public void close() {
        // No interrupt: a thread interrupted in the middle of Lucene's file I/O closes the channel
        // under the IndexWriter, which then refuses all further work. Let a running poll finish.
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("The outbox indexer did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            commit();
        }
    }
}
