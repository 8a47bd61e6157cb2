package dev.groundwork.ingest;

import dev.groundwork.ingest.FilePreparer.Parsed;
import dev.groundwork.ingest.FilePreparer.Prepared;
import dev.groundwork.ingest.FilePreparer.Skipped;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.IngestJobs;
import dev.groundwork.ingest.catalog.ItemStatus;
import dev.groundwork.ingest.catalog.NewChunk;
import dev.groundwork.ingest.catalog.NewDocument;
import dev.groundwork.ingest.chunk.ChunkSpan;
import dev.groundwork.ingest.read.DocumentText;
import dev.groundwork.ingest.read.UnreadableDocumentException;
import dev.groundwork.runtime.embedding.Embedder;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's items: files are claimed and prepared (read, parsed, chunked) on a thread of their
 * own a few ahead, while the chunks of the files prepared before are embedded. Chunks of several
 * small files are embedded together, and two such batches are in the embedding model's queue at
 * once, so that its workers never wait at the end of a batch; each file is then stored in a
 * transaction of its own, on a storing thread, while the next files are embedded.
 */
final class ItemPipeline {

    private static final Logger log = LoggerFactory.getLogger(ItemPipeline.class);

    /**
     * Files claimed and being prepared ahead of the ones being embedded: enough that the embedding
     * model does not wait while a large file is parsed, bounded in count and in bytes (at least one
     * file is always ahead, whatever its size) so that memory stays bounded.
     */
    private static final int FILES_AHEAD = 16;

    private static final long BYTES_AHEAD = 32L << 20;
    /**
     * Chunks embedded together: enough that the embedding workers rarely wait for each other at the
     * end of a batch.
     */
    private static final int EMBEDDING_BATCH = 256;
    /**
     * Batches being embedded (or stored) at once: while the last texts of one are embedded, the
     * workers that are done already take texts of the next.
     */
    private static final int BATCHES_IN_FLIGHT = 2;

    private final Catalog catalog;
    private final IngestJobs jobs;
    private final Embedder embedder;
    private final FilePreparer preparer;

    ItemPipeline(Catalog catalog, IngestJobs jobs, Embedder embedder, FilePreparer preparer) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.embedder = embedder;
        this.preparer = preparer;
    }

    private record Claimed(IngestJobs.ClaimedItem item, Future<Prepared> work) {}

    /** Claims and ingests the job's pending items until none is left or the job is cancelled. */
    void run(IngestJobs.Job job, java.util.function.BooleanSupplier stopping) {
        Times times = new Times();
        ExecutorService preparing = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("ingest-prepare").daemon(true).factory());
        ExecutorService storing = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("ingest-store").daemon(true).factory());
        ExecutorService embedding = Executors.newFixedThreadPool(
                BATCHES_IN_FLIGHT,
                Thread.ofPlatform().name("ingest-embed-", 0).daemon(true).factory());
        Deque<Future<?>> inFlight = new ArrayDeque<>();
        Deque<Claimed> ahead = new ArrayDeque<>();
        List<Parsed> batch = new ArrayList<>();
        int batchChunks = 0;
        boolean more = true;
        try {
            while (true) {
                if (stopping.getAsBoolean()) {
                    more = false; // finish the files already claimed; the rest stays pending
                }
                while (more && (ahead.isEmpty() || (ahead.size() < FILES_AHEAD && bytes(ahead) < BYTES_AHEAD))) {
                    Optional<IngestJobs.ClaimedItem> next = jobs.claim(job.id());
                    more = next.isPresent();
                    next.ifPresent(item ->
                            ahead.add(new Claimed(item, preparing.submit(() -> preparer.prepare(job, item)))));
                }
                if (ahead.isEmpty()) {
                    break;
                }
                Claimed head = ahead.poll();
                switch (prepared(head, times)) {
                    case Skipped skipped -> {
                        jobs.finishItem(skipped.item().id(), ItemStatus.SKIPPED, skipped.reason(), null, 0);
                        times.skipped.incrementAndGet();
                    }
                    case Parsed parsed -> {
                        batch.add(parsed);
                        batchChunks += parsed.spans().size();
                    }
                    case null -> {} // failed; recorded
                }
                if (batchChunks >= EMBEDDING_BATCH || (ahead.isEmpty() && !more)) {
                    submit(job, List.copyOf(batch), inFlight, embedding, storing, times);
                    batch.clear();
                    batchChunks = 0;
                }
            }
            submit(job, List.copyOf(batch), inFlight, embedding, storing, times);
            while (!inFlight.isEmpty()) {
                await(inFlight.poll());
            }
        } finally {
            preparing.shutdownNow();
            embedding.shutdownNow();
            storing.shutdownNow();
        }
        log.info(
                "Ingest job {}: {} ingested, {} skipped, {} failed, {} chunks; ms spent in extract {}, chunk {},"
                        + " embed {}, store {}",
                job.id(),
                times.done.get(),
                times.skipped.get(),
                times.failed.get(),
                times.chunks.get(),
                preparer.extractNanos.get() / 1_000_000,
                preparer.chunkNanos.get() / 1_000_000,
                times.embed.get() / 1_000_000,
                times.store.get() / 1_000_000);
    }

    private static long bytes(Deque<Claimed> ahead) {
        long bytes = 0;
        for (Claimed claimed : ahead) {
            bytes += claimed.item().bytes();
        }
        return bytes;
    }

    /**
     * What the job did and where its time went (nanoseconds; embedding should dominate), counted by
     * the job's thread and the storing thread.
     */
    private static final class Times {
        final AtomicLong done = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong chunks = new AtomicLong();
        final AtomicLong embed = new AtomicLong();
        final AtomicLong store = new AtomicLong();
    }

    /** The prepared file, or {@code null} when preparing it failed (the item is then finished as failed). */
    private Prepared prepared(Claimed claimed, Times times) {
        try {
            return claimed.work().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing a file", e);
        } catch (ExecutionException e) {
            fail(claimed.item(), e.getCause(), times);
            return null;
        }
    }

    private void fail(IngestJobs.ClaimedItem item, Throwable cause, Times times) {
        String message;
        if (cause instanceof UnreadableDocumentException || cause instanceof UncheckedIOException) {
            message = cause.getMessage();
        } else if (cause instanceof RuntimeException || cause instanceof StackOverflowError) {
            log.error("Ingesting {} failed", item.source(), cause);
            message = "Internal error: " + cause;
        } else if (cause instanceof Error error) {
            throw error;
        } else {
            message = "Internal error: " + cause;
        }
        jobs.finishItem(item.id(), ItemStatus.FAILED, message, null, 0);
        times.failed.incrementAndGet();
    }

    /**
     * Embeds the chunks of the files together and then stores them, in the background, once fewer
     * than {@link #BATCHES_IN_FLIGHT} batches are under way; files are stored one at a time, in the
     * order their embeddings are ready.
     */
    private void submit(
            IngestJobs.Job job,
            List<Parsed> files,
            Deque<Future<?>> inFlight,
            ExecutorService embedding,
            ExecutorService storing,
            Times times) {
        if (files.isEmpty()) {
            return;
        }
        while (inFlight.size() >= BATCHES_IN_FLIGHT) {
            await(inFlight.poll());
        }
        inFlight.add(embedding.submit(() -> {
            List<float[]> vectors = embed(files, times);
            if (vectors != null) {
                await(storing.submit(() -> store(job, files, vectors, times)));
            }
        }));
    }

    private static void await(Future<?> stored) {
        try {
            stored.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing documents", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Storing documents failed", e.getCause());
        }
    }

    /** The embeddings of all the files' chunks in order, or {@code null} when embedding failed (the files failed). */
    private List<float[]> embed(List<Parsed> files, Times times) {
        long started = System.nanoTime();
        List<String> texts = new ArrayList<>();
        for (Parsed file : files) {
            for (ChunkSpan span : file.spans()) {
                texts.add(embeddedText(file.document(), span));
            }
        }
        try {
            List<float[]> vectors = embedder.embedPassages(texts);
            times.embed.addAndGet(System.nanoTime() - started);
            return vectors;
        } catch (RuntimeException e) {
            files.forEach(file -> fail(file.item(), e, times));
            return null;
        }
    }

    /** Stores each file with its chunks, in a transaction of its own, and finishes its item. */
    private void store(IngestJobs.Job job, List<Parsed> files, List<float[]> vectors, Times times) {
        int next = 0;
        for (Parsed file : files) {
            long storing = System.nanoTime();
            List<float[]> fileVectors =
                    vectors.subList(next, next + file.spans().size());
            next += file.spans().size();
            try {
                // The item is finished in the document's transaction: a crash between the two would
                // leave a stored document whose item looks unfinished, and the resumed job would
                // count it as skipped (unchanged) instead of done.
                catalog.saveDocument(
                        document(job, file, fileVectors),
                        documentId -> jobs.finishItem(
                                file.item().id(),
                                ItemStatus.DONE,
                                null,
                                documentId,
                                file.spans().size()));
                times.done.incrementAndGet();
                times.chunks.addAndGet(file.spans().size());
            } catch (RuntimeException e) {
                fail(file.item(), e, times);
            }
            times.store.addAndGet(System.nanoTime() - storing);
        }
    }

    private static NewDocument document(IngestJobs.Job job, Parsed file, List<float[]> vectors) {
        DocumentText document = file.document();
        List<NewChunk> chunks = new ArrayList<>(file.spans().size());
        for (int i = 0; i < file.spans().size(); i++) {
            ChunkSpan span = file.spans().get(i);
            chunks.add(new NewChunk(
                    span.start(),
                    span.end(),
                    span.tokenCount(),
                    span.headingPath(),
                    span.textOf(document.text()),
                    vectors.get(i)));
        }
        return new NewDocument(
                job.collectionId(),
                file.item().source(),
                file.hash(),
                document.mediaType(),
                document.title(),
                document.text(),
                job.tags(),
                file.modified(),
                document.metadata(),
                document.pageStarts(),
                chunks);
    }

    private static String embeddedText(DocumentText document, ChunkSpan span) {
        return Ingestion.embeddedText(document.title(), span.headingPath(), span.textOf(document.text()));
    }
}
