package dev.groundwork.ingest;

import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.IngestJobs;
import dev.groundwork.ingest.chunk.ParagraphChunker;
import dev.groundwork.runtime.embedding.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest jobs: syncing a folder, or ingesting uploaded files, into a collection of the catalog.
 * Jobs are created ({@code submit...}) and then run ({@link #runJob}), by the caller's thread or a
 * worker; a job cut short by a crash is found again by {@link #interruptedJobs}.
 */
public final class Ingestion {

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

    private final Catalog catalog;
    private final IngestJobs jobs;
    private final Embedder embedder;
    private final ItemPipeline pipeline;
    private volatile boolean stopping;

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
        ParagraphChunker chunker =
                new ParagraphChunker(embedder::countTokens, chunkTokens, Math.min(chunkOverlapTokens, chunkTokens / 2));
        this.pipeline = new ItemPipeline(catalog, jobs, embedder, new FilePreparer(catalog, chunker, maxFileBytes));
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
            pipeline.run(job, () -> stopping);
            if (stopping) {
                // Shutting down: the job's pending files wait for the next start, which resumes it.
                return report(job);
            }
            if (job.kind() == IngestJobs.Kind.FOLDER
                    && jobs.job(jobId).orElseThrow().status().equals("running")) {
                deleted = deleteGone(job);
            }
            jobs.finish(jobId, deleted);
        }
        if (job.kind() == IngestJobs.Kind.UPLOAD) {
            deleteUploadedFiles(jobId);
        }
        return report(job);
    }

    /**
     * Makes running jobs stop after the files they already took (each written whole), leaving the
     * rest of their files pending for the next start. For a clean shutdown: interrupting a job
     * instead could interrupt the index's file I/O, which breaks the index writer.
     */
    public void stop() {
        stopping = true;
    }

    private IngestReport report(IngestJobs.Job job) {
        long jobId = job.id();
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
     * Makes a cancelled folder job runnable again (its cancelled files queued again); run it with
     * {@link #runJob}. Upload jobs cannot be resumed: their files are deleted when they end.
     *
     * @throws IllegalStateException if the job is not a cancelled folder job
     */
    public void resume(long jobId) {
        IngestJobs.Job job = jobs.job(jobId).orElseThrow(() -> new IllegalArgumentException("No ingest job " + jobId));
        if (job.kind() == IngestJobs.Kind.UPLOAD) {
            throw new IllegalStateException(
                    "Job " + jobId + " ingested uploads, whose files were deleted when it ended; upload them again");
        }
        if (!jobs.resume(jobId)) {
            throw new IllegalStateException("Job " + jobId + " is " + job.status() + "; only a cancelled job resumes");
        }
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

    /**
     * What is embedded for a chunk: its heading path (or, above the first heading, the document's
     * title) on a line before its text, so that a chunk is found by what its section is about.
     */
    public static String embeddedText(String title, String headingPath, String text) {
        return (headingPath.isEmpty() ? title : headingPath) + "\n" + text;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
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
}
