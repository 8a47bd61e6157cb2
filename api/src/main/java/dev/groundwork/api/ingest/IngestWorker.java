package dev.groundwork.api.ingest;

import dev.groundwork.ingest.IngestReport;
import dev.groundwork.ingest.Ingestion;
import dev.groundwork.ingest.catalog.IngestJobs;
import dev.groundwork.vectorstore.OutboxIndexer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs ingest jobs one after the other on one thread: the embedding model already keeps the cores
 * busy, so jobs in parallel would only compete for them. Jobs interrupted by a crash or kill are
 * queued again at start, before any new one.
 */
@Component
public class IngestWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IngestWorker.class);

    private final Ingestion ingestion;
    private final OutboxIndexer indexer;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ingest-worker").daemon(true).factory());

    IngestWorker(Ingestion ingestion, OutboxIndexer indexer) {
        this.ingestion = ingestion;
        this.indexer = indexer;
    }

    /** Queues the job; the future completes when it ended and its chunks are searchable. */
    public CompletableFuture<IngestReport> submit(long jobId) {
        return CompletableFuture.supplyAsync(
                        () -> {
                            IngestReport report = ingestion.runJob(jobId);
                            indexer.catchUp();
                            return report;
                        },
                        executor)
                .whenComplete((report, failure) -> {
                    if (failure != null) {
                        // The job stays running in the catalog and is resumed by the next start.
                        log.error("Ingest job {} stopped", jobId, failure);
                    }
                });
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeInterruptedJobs() {
        for (IngestJobs.Job job : ingestion.interruptedJobs()) {
            log.info("Resuming ingest job {} of collection '{}'", job.id(), job.collection());
            submit(job.id());
        }
    }

    /**
     * Lets the running job finish the files it already took, then stops; its other files are
     * resumed at the next start, like those of a job cut short by a crash. No interrupt: it could
     * land in the index's file I/O, which breaks the index writer.
     */
    @Override
    public void destroy() throws InterruptedException {
        ingestion.stop();
        executor.shutdown();
        if (!executor.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)) {
            log.warn("The ingest worker did not stop within 60 s; its job resumes at the next start");
        }
    }
}
