package dev.groundwork.ingest;

import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.IngestJobs;
import dev.groundwork.ingest.catalog.ItemStatus;
import dev.groundwork.ingest.catalog.NewChunk;
import dev.groundwork.ingest.catalog.NewDocument;
import dev.groundwork.ingest.chunk.ChunkSpan;
import dev.groundwork.ingest.chunk.ParagraphChunker;
import dev.groundwork.ingest.read.DocumentText;
import dev.groundwork.ingest.read.TextExtractor;
import dev.groundwork.ingest.read.UnreadableDocumentException;
import dev.groundwork.runtime.embedding.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ingests folders of documents into a collection of the catalog. */
public final class Ingestion {

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
    private static final int EMBEDDING_BATCH = 32;

    private final Catalog catalog;
    private final IngestJobs jobs;
    private final Embedder embedder;
    private final ParagraphChunker chunker;
    private final TextExtractor extractor = new TextExtractor();
    private final long maxFileBytes;

    public Ingestion(
            Catalog catalog,
            IngestJobs jobs,
            Embedder embedder,
            int maxChunkTokens,
            int chunkOverlapTokens,
            long maxFileBytes) {
        this.catalog = catalog;
        this.jobs = jobs;
        this.embedder = embedder;
        int chunkTokens = Math.min(maxChunkTokens, embedder.maxTokens());
        this.chunker =
                new ParagraphChunker(embedder::countTokens, chunkTokens, Math.min(chunkOverlapTokens, chunkTokens / 2));
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Brings the collection in line with the folder: new and changed files are (re)ingested,
     * unchanged ones skipped, and documents whose files are gone from the folder deleted.
     *
     * @throws IllegalArgumentException if {@code folder} is not a readable directory
     */
    public IngestReport ingestFolder(Path folder, String collection) {
        return ingestFolder(folder, collection, FileSelection.ALL, Set.of());
    }

    /**
     * Like {@link #ingestFolder(Path, String)} for the files {@code selection} selects; documents
     * of files it does not select are left alone. The documents it (re)ingests carry {@code tags};
     * a file whose tags change is ingested again.
     */
    public IngestReport ingestFolder(Path folder, String collection, FileSelection selection, Set<String> tags) {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("'" + folder + "' is not a directory");
        }
        if (!Files.isReadable(root)) {
            throw new IllegalArgumentException("'" + folder + "' is not readable");
        }
        List<String> sources = filesUnder(root, selection);
        long collectionId = catalog.collection(collection, embedder.modelName());
        long jobId = jobs.create(collectionId, root.toString(), sources, tags);
        Progress progress = runItems(jobId, collectionId, Set.copyOf(tags));
        // Only the selected files that are gone count as removed; unselected ones are not this job's.
        Set<String> present = new HashSet<>(sources);
        int deleted = catalog.deleteMissing(
                collectionId,
                root + "/",
                source -> !present.contains(source) && selection.selects(root.relativize(Path.of(source))));
        jobs.finish(jobId);
        return progress.report(jobId, collection, sources.size(), deleted);
    }

    /**
     * Finishes the jobs that a crash or kill interrupted: their unfinished items are queued again
     * and ingested. Documents are written whole or not at all, so nothing is duplicated or half
     * written. (Documents of files removed from the folder are deleted by the next sync, not here.)
     */
    public List<IngestReport> resumeInterrupted() {
        List<IngestReport> reports = new ArrayList<>();
        for (IngestJobs.UnfinishedJob job : jobs.requeueInterrupted()) {
            log.info("Resuming ingest job {} of collection '{}'", job.id(), job.collection());
            Progress progress = runItems(job.id(), job.collectionId(), job.tags());
            jobs.finish(job.id());
            int files = jobs.items(job.id()).size();
            reports.add(progress.report(job.id(), job.collection(), files, 0));
        }
        return reports;
    }

    /** Claims and ingests the job's pending items until none is left. */
    private Progress runItems(long jobId, long collectionId, Set<String> tags) {
        Progress progress = new Progress();
        ExecutorService preparer = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("ingest-prepare").daemon(true).factory());
        try {
            Optional<IngestJobs.ClaimedItem> current = jobs.claim(jobId);
            Future<Prepared> currentWork = prepareAsync(preparer, current, collectionId, tags, progress);
            while (current.isPresent()) {
                // The next file is read, parsed and chunked while this one is embedded: on a machine
                // whose cores the embedding model keeps busy, the rest of the pipeline then costs no
                // wall time.
                Optional<IngestJobs.ClaimedItem> next = jobs.claim(jobId);
                Future<Prepared> nextWork = prepareAsync(preparer, next, collectionId, tags, progress);
                finish(current.get(), currentWork, collectionId, tags, progress);
                current = next;
                currentWork = nextWork;
            }
        } finally {
            preparer.shutdownNow();
        }
        log.info(
                "Ingest job {}: {} ingested, {} skipped, {} failed, {} chunks; ms spent in extract {}, chunk {}, embed {},"
                        + " store {}",
                jobId,
                progress.done,
                progress.skipped,
                progress.failures.size(),
                progress.chunks,
                progress.extract / 1_000_000,
                progress.chunk / 1_000_000,
                progress.embed / 1_000_000,
                progress.store / 1_000_000);
        return progress;
    }

    /** What a job has done so far, and where its time went (nanoseconds; embedding should dominate). */
    private static final class Progress {
        int done;
        int skipped;
        int chunks;
        final List<IngestReport.ItemOutcome> failures = new ArrayList<>();
        // Written by the preparing thread; read after its futures complete.
        volatile long extract;
        volatile long chunk;
        long embed;
        long store;

        IngestReport report(long jobId, String collection, int files, int deleted) {
            return new IngestReport(
                    jobId, collection, files, done, skipped, failures.size(), deleted, chunks, failures);
        }
    }

    private Future<Prepared> prepareAsync(
            ExecutorService preparer,
            Optional<IngestJobs.ClaimedItem> item,
            long collectionId,
            Set<String> tags,
            Progress progress) {
        return item.map(claimed -> preparer.submit(() -> prepare(collectionId, claimed.source(), tags, progress)))
                .orElse(null);
    }

    /** Embeds and stores one prepared file and records how its item ended. */
    private void finish(
            IngestJobs.ClaimedItem item,
            Future<Prepared> work,
            long collectionId,
            Set<String> tags,
            Progress progress) {
        try {
            Outcome outcome = switch (result(work)) {
                case Outcome skipped -> skipped;
                case Parsed parsed -> store(collectionId, tags, parsed, progress);
            };
            jobs.finishItem(item.id(), outcome.status(), outcome.message(), outcome.documentId(), outcome.chunks());
            if (outcome.status() == ItemStatus.DONE) {
                progress.done++;
                progress.chunks += outcome.chunks();
            } else {
                progress.skipped++;
            }
        } catch (UnreadableDocumentException | UncheckedIOException e) {
            jobs.finishItem(item.id(), ItemStatus.FAILED, e.getMessage(), null, 0);
            progress.failures.add(new IngestReport.ItemOutcome(item.source(), e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Ingesting {} failed", item.source(), e);
            String message = "Internal error: " + e;
            jobs.finishItem(item.id(), ItemStatus.FAILED, message, null, 0);
            progress.failures.add(new IngestReport.ItemOutcome(item.source(), message));
        }
    }

    private static Prepared result(Future<Prepared> work) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing a file", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A file read, parsed and chunked, or the outcome that makes that unnecessary. */
    private sealed interface Prepared {}

    private record Parsed(Path file, String hash, DocumentText document, List<ChunkSpan> spans) implements Prepared {}

    private record Outcome(ItemStatus status, String message, Long documentId, int chunks) implements Prepared {}

    /** Reads, parses and chunks a file, unless it is unsupported or unchanged. */
    private Prepared prepare(long collectionId, String source, Set<String> tags, Progress times) {
        Path file = Path.of(source);
        String name = file.getFileName().toString();
        if (!TextExtractor.supports(name)) {
            return new Outcome(ItemStatus.SKIPPED, "unsupported file type", null, 0);
        }
        byte[] content = read(file);
        String hash = sha256(content);
        if (catalog.storedVersion(collectionId, source)
                .filter(version ->
                        version.contentHash().equals(hash) && version.tags().equals(tags))
                .isPresent()) {
            return new Outcome(ItemStatus.SKIPPED, "unchanged", null, 0);
        }
        long started = System.nanoTime();
        DocumentText document = extractor.extract(name, content);
        long extracted = System.nanoTime();
        List<ChunkSpan> spans = chunker.chunk(document.text(), document.headings(), document.title());
        times.extract += extracted - started;
        times.chunk += System.nanoTime() - extracted;
        return new Parsed(file, hash, document, spans);
    }

    /** Embeds the chunks and writes the document with them in one transaction. */
    private Outcome store(long collectionId, Set<String> tags, Parsed parsed, Progress times) {
        long started = System.nanoTime();
        DocumentText document = parsed.document();
        List<NewChunk> chunks = embed(document, parsed.spans());
        long embedded = System.nanoTime();
        long documentId = catalog.saveDocument(new NewDocument(
                collectionId,
                parsed.file().toString(),
                parsed.hash(),
                document.mediaType(),
                document.title(),
                document.text(),
                tags,
                modifiedTime(parsed.file()),
                document.metadata(),
                document.pageStarts(),
                chunks));
        times.embed += embedded - started;
        times.store += System.nanoTime() - embedded;
        return new Outcome(ItemStatus.DONE, null, documentId, chunks.size());
    }

    private List<NewChunk> embed(DocumentText document, List<ChunkSpan> spans) {
        String text = document.text();
        List<NewChunk> chunks = new ArrayList<>(spans.size());
        for (int from = 0; from < spans.size(); from += EMBEDDING_BATCH) {
            List<ChunkSpan> batch = spans.subList(from, Math.min(spans.size(), from + EMBEDDING_BATCH));
            List<float[]> vectors = embedder.embedPassages(
                    batch.stream().map(span -> embeddedText(document, span)).toList());
            for (int i = 0; i < batch.size(); i++) {
                ChunkSpan span = batch.get(i);
                chunks.add(new NewChunk(
                        span.start(),
                        span.end(),
                        span.tokenCount(),
                        span.headingPath(),
                        span.textOf(text),
                        vectors.get(i)));
            }
        }
        return chunks;
    }

    /**
     * What is embedded for a chunk: its heading path (or, above the first heading, the document's
     * title) on a line before its text, so that a chunk is found by what its section is about.
     */
    static String embeddedText(DocumentText document, ChunkSpan span) {
        String context = span.headingPath().isEmpty() ? document.title() : span.headingPath();
        return context + "\n" + span.textOf(document.text());
    }

    private static java.time.Instant modifiedTime(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > maxFileBytes) {
                throw new UnreadableDocumentException(
                        "'" + file.getFileName() + "' is " + size + " bytes; the limit is " + maxFileBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static List<String> filesUnder(Path root, FileSelection selection) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> !root.relativize(path).toString().startsWith(".")
                            && !path.getFileName().toString().startsWith("."))
                    .filter(path -> selection.selects(root.relativize(path)))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the files under '" + root + "'", e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks SHA-256", e);
        }
    }
}
