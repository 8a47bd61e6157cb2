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

    /** Submits a folder job ({@link #submitFolder}) and runs it to its end. */
    public IngestReport ingestFolder(Path folder, String collection, FileSelection selection, Set<String> tags) {
        return runJob(submitFolder(folder, collection, selection, tags));
    }

    /**
     * Creates a job that syncs the collection with the files of the folder that {@code selection}
     * selects: when run, new and changed files are (re)ingested with {@code tags}, unchanged ones
     * (same content and tags) skipped, and documents of selected files gone from the folder
     * deleted. Documents of files the selection leaves out are left alone.
     *
     * <p>The folder's files are those really inside it: a symbolic link to a file elsewhere fails
     * its item. (Whether a caller may ingest the folder at all is the caller's decision; see
     * {@link AllowedRoots}.)
     *
     * @return the job id
     * @throws IllegalArgumentException if {@code folder} is not a readable directory
     */
    public long submitFolder(Path folder, String collection, FileSelection selection, Set<String> tags) {
        Path root = AllowedRoots.ANY.check(folder);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("'" + folder + "' is not a directory");
        }
        if (!Files.isReadable(root)) {
            throw new IllegalArgumentException("'" + folder + "' is not readable");
        }
        List<IngestJobs.NewItem> items = filesUnder(root, selection).stream()
                .map(file -> new IngestJobs.NewItem(file.toString(), null, size(file)))
                .toList();
        long collectionId = catalog.collection(collection, embedder.modelName());
        return jobs.create(
                collectionId,
                IngestJobs.Kind.FOLDER,
                root.toString(),
                items,
                tags,
                selection.include(),
                selection.exclude());
    }

    /**
     * An uploaded file, saved at {@code file} until its job ends.
     *
     * @param name the file's name as uploaded; its document's source is {@code upload:NAME}
     */
    public record Upload(String name, Path file) {}

    /** Creates a job that ingests uploaded files, whose files it deletes when it ends. */
    public long submitUploads(String collection, List<Upload> uploads, Set<String> tags) {
        List<IngestJobs.NewItem> items = uploads.stream()
                .map(upload -> new IngestJobs.NewItem(
                        UPLOAD_PREFIX + upload.name(), upload.file().toString(), size(upload.file())))
                .toList();
        long collectionId = catalog.collection(collection, embedder.modelName());
        return jobs.create(collectionId, IngestJobs.Kind.UPLOAD, "upload", items, tags, List.of(), List.of());
    }

    /** The source of an uploaded document starts with this. */
    public static final String UPLOAD_PREFIX = "upload:";

    /**
     * Runs the job's pending items to the end (or until it is cancelled), then ends it: a folder
     * sync deletes the documents of files gone from the folder, an upload job deletes its files.
     * Running a job that already ended only cleans up.
     */
    public IngestReport runJob(long jobId) {
        IngestJobs.Job job = jobs.job(jobId).orElseThrow(() -> new IllegalArgumentException("No ingest job " + jobId));
        int deleted = 0;
        if (job.status().equals("running")) {
            jobs.started(jobId);
            runItems(job);
            if (job.kind() == IngestJobs.Kind.FOLDER
                    && jobs.job(jobId).orElseThrow().status().equals("running")) {
                deleted = deleteGone(job);
            }
            jobs.finish(jobId, deleted);
        }
        if (job.kind() == IngestJobs.Kind.UPLOAD) {
            deleteUploadedFiles(jobId);
        }
        IngestJobs.JobSummary summary = jobs.summary(jobId).orElseThrow();
        List<IngestReport.ItemOutcome> failures = jobs.items(jobId, "failed", 0, Integer.MAX_VALUE).stream()
                .map(item -> new IngestReport.ItemOutcome(item.source(), item.message()))
                .toList();
        return new IngestReport(
                jobId,
                job.collection(),
                summary.status(),
                summary.files(),
                summary.done(),
                summary.skipped(),
                summary.failed(),
                summary.cancelled(),
                summary.deleted(),
                (int) summary.chunks(),
                failures);
    }

    /**
     * Cancels a running job: no further file is started; the one being ingested is finished.
     *
     * @return whether the job was running
     */
    public boolean cancel(long jobId) {
        return jobs.cancel(jobId);
    }

    /**
     * The jobs that a crash or kill interrupted, with their unfinished items queued again: run
     * them with {@link #runJob}. Documents are written whole or not at all, so nothing is
     * duplicated or half written.
     */
    public List<IngestJobs.Job> interruptedJobs() {
        return jobs.requeueInterrupted();
    }

    /** Deletes the documents of the folder's selected files that are no longer there. */
    private int deleteGone(IngestJobs.Job job) {
        Path root = Path.of(job.origin());
        FileSelection selection = new FileSelection(job.include(), job.exclude());
        Set<String> present = new HashSet<>(jobs.sources(job.id()));
        return catalog.deleteMissing(
                job.collectionId(),
                root + "/",
                source -> !present.contains(source) && selection.selects(root.relativize(Path.of(source))));
    }

    private void deleteUploadedFiles(long jobId) {
        for (IngestJobs.Item item : jobs.items(jobId)) {
            jobs.path(item.id()).ifPresent(path -> {
                try {
                    Files.deleteIfExists(path);
                    Path folder = path.getParent();
                    try (Stream<Path> left = Files.list(folder)) {
                        if (left.findAny().isEmpty()) {
                            Files.delete(folder);
                        }
                    }
                } catch (IOException e) {
                    log.warn("Could not delete the uploaded file {}: {}", path, e.getMessage());
                }
            });
        }
    }

    /** Claims and ingests the job's pending items until none is left. */
    private void runItems(IngestJobs.Job job) {
        long jobId = job.id();
        Progress progress = new Progress();
        ExecutorService preparer = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("ingest-prepare").daemon(true).factory());
        try {
            Optional<IngestJobs.ClaimedItem> current = jobs.claim(jobId);
            Future<Prepared> currentWork = prepareAsync(preparer, current, job, progress);
            while (current.isPresent()) {
                // The next file is read, parsed and chunked while this one is embedded: on a machine
                // whose cores the embedding model keeps busy, the rest of the pipeline then costs no
                // wall time.
                Optional<IngestJobs.ClaimedItem> next = jobs.claim(jobId);
                Future<Prepared> nextWork = prepareAsync(preparer, next, job, progress);
                finish(current.get(), currentWork, job, progress);
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
    }

    private Future<Prepared> prepareAsync(
            ExecutorService preparer, Optional<IngestJobs.ClaimedItem> item, IngestJobs.Job job, Progress progress) {
        return item.map(claimed -> preparer.submit(() -> prepare(job, claimed, progress)))
                .orElse(null);
    }

    /** Embeds and stores one prepared file and records how its item ended. */
    private void finish(IngestJobs.ClaimedItem item, Future<Prepared> work, IngestJobs.Job job, Progress progress) {
        try {
            Outcome outcome = switch (result(work)) {
                case Outcome skipped -> skipped;
                case Parsed parsed -> store(job.collectionId(), job.tags(), parsed, progress);
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

    private record Parsed(Path file, String source, String hash, DocumentText document, List<ChunkSpan> spans)
            implements Prepared {}

    private record Outcome(ItemStatus status, String message, Long documentId, int chunks) implements Prepared {}

    /** Reads, parses and chunks a file, unless it is unsupported or unchanged. */
    private Prepared prepare(IngestJobs.Job job, IngestJobs.ClaimedItem item, Progress times) {
        long collectionId = job.collectionId();
        Set<String> tags = job.tags();
        String source = item.source();
        Path file = Path.of(item.path());
        boolean uploaded = !item.path().equals(source);
        String name = uploaded
                ? source.substring(UPLOAD_PREFIX.length())
                : file.getFileName().toString();
        if (!TextExtractor.supports(name)) {
            String message = "unsupported file type; supported: "
                    + String.join(
                            ", ", TextExtractor.EXTENSIONS.stream().sorted().toList());
            // A folder holds all kinds of files, of which the unsupported ones are no failure; an
            // uploaded file was chosen by the user, who must learn that it was not ingested.
            if (uploaded) {
                throw new UnreadableDocumentException("'" + name + "': " + message);
            }
            return new Outcome(ItemStatus.SKIPPED, message, null, 0);
        }
        if (!uploaded) {
            checkInside(file, Path.of(job.origin()));
        }
        byte[] content = read(file, name);
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
        return new Parsed(file, source, hash, document, spans);
    }

    /** Embeds the chunks and writes the document with them in one transaction. */
    private Outcome store(long collectionId, Set<String> tags, Parsed parsed, Progress times) {
        long started = System.nanoTime();
        DocumentText document = parsed.document();
        List<NewChunk> chunks = embed(document, parsed.spans());
        long embedded = System.nanoTime();
        long documentId = catalog.saveDocument(new NewDocument(
                collectionId,
                parsed.source(),
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

    /** A file of a folder may be a symbolic link to one outside it, which the caller may not read. */
    private static void checkInside(Path file, Path folder) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read '" + file + "': " + e.getMessage(), e);
        }
        if (!real.startsWith(folder)) {
            throw new UnreadableDocumentException("'" + file.getFileName() + "' is a symbolic link to '" + real
                    + "', outside the folder being ingested");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private byte[] read(Path file, String name) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new UnreadableDocumentException("'" + name + "' is empty (0 bytes)");
            }
            if (size > maxFileBytes) {
                throw new UnreadableDocumentException(
                        "'" + name + "' is " + size + " bytes; the limit is " + maxFileBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static List<Path> filesUnder(Path root, FileSelection selection) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> !root.relativize(path).toString().startsWith(".")
                            && !path.getFileName().toString().startsWith("."))
                    .filter(path -> selection.selects(root.relativize(path)))
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
