package dev.groundwork.api.ingest;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.api.security.Access;
import dev.groundwork.ingest.AllowedRoots;
import dev.groundwork.ingest.Ingestion;
import dev.groundwork.ingest.catalog.IngestJobs;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/jobs}: ingest jobs from a server folder (admins) or from uploaded files (writers of
 * the collection), run in the background; their progress (also as a stream of server-sent events),
 * the status of every file, and cancelling. A job of a collection the caller may not read answers
 * 404, as if absent.
 */
@RestController
@RequestMapping("/api/jobs")
class JobController {

    private static final int MAX_UPLOAD_FILES = 1000;

    private final Ingestion ingestion;
    private final IngestJobs jobs;
    private final IngestWorker worker;
    private final JobEvents events;
    private final Path uploads;
    private final AllowedRoots allowedRoots;
    private final Access access;

    JobController(
            Ingestion ingestion,
            IngestJobs jobs,
            IngestWorker worker,
            JobEvents events,
            AllowedRoots allowedRoots,
            GroundworkProperties properties,
            Access access) {
        this.allowedRoots = allowedRoots;
        this.access = access;
        this.ingestion = ingestion;
        this.jobs = jobs;
        this.worker = worker;
        this.events = events;
        this.uploads = properties.dataDir().resolve("uploads");
    }

    /** Queues a job that syncs a server folder; answers at once with the job (202, Location). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestJobs.JobSummary> createFromFolder(@Valid @RequestBody IngestController.IngestRequest request) {
        return accepted(request.submit(ingestion, allowedRoots, access));
    }

    /**
     * Queues a job that ingests the uploaded {@code files} (multipart form data) into
     * {@code collection}; a file uploaded again under the same name replaces its earlier version,
     * or is skipped when unchanged.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<IngestJobs.JobSummary> createFromUploads(
            @RequestParam("files") List<MultipartFile> files,
            @RequestParam(defaultValue = IngestController.DEFAULT_COLLECTION) String collection,
            @RequestParam(required = false) Set<String> tags) {
        if (!collection.matches(IngestController.COLLECTION_PATTERN) || collection.length() > 200) {
            throw new IllegalArgumentException("collection " + IngestController.COLLECTION_MESSAGE);
        }
        access.requireWrite(collection, "uploading files");
        if (files.isEmpty() || files.size() > MAX_UPLOAD_FILES) {
            throw new IllegalArgumentException(
                    "Upload between 1 and " + MAX_UPLOAD_FILES + " files, not " + files.size());
        }
        Path folder = uploads.resolve(UUID.randomUUID().toString());
        List<Ingestion.Upload> saved = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try {
            Files.createDirectories(folder);
            for (MultipartFile file : files) {
                String name = fileName(file.getOriginalFilename());
                if (!names.add(name)) {
                    throw new IllegalArgumentException("Two uploaded files are named '" + name + "'");
                }
                Path target = folder.resolve(saved.size() + "-" + name);
                file.transferTo(target);
                saved.add(new Ingestion.Upload(name, target));
            }
            return accepted(ingestion.submitUploads(collection, saved, tags == null ? Set.of() : tags));
        } catch (IOException e) {
            deleteQuietly(folder);
            throw new UncheckedIOException("Cannot store the uploaded files: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(folder);
            throw e;
        }
    }

    /** The most recent jobs of the collections the caller may read, newest first. */
    @GetMapping
    List<IngestJobs.JobSummary> recent(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, was " + limit);
        }
        // Look further back until enough readable jobs are found or there are no more jobs.
        for (int scan = limit; ; scan = (int) Math.min(Integer.MAX_VALUE, scan * 4L)) {
            List<IngestJobs.JobSummary> recent = jobs.recent(scan);
            List<IngestJobs.JobSummary> readable = recent.stream()
                    .filter(job -> access.mayRead(job.collection()))
                    .limit(limit)
                    .toList();
            if (readable.size() == limit || recent.size() < scan) {
                return readable;
            }
        }
    }

    record JobDetail(IngestJobs.JobSummary job, List<IngestJobs.Item> items) {}

    /** The job and its items, optionally only those in {@code status}, a page at a time. */
    @GetMapping("/{id}")
    JobDetail job(
            @PathVariable long id,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "1000") int limit) {
        if (status != null
                && !Set.of("pending", "running", "done", "skipped", "failed", "cancelled")
                        .contains(status)) {
            throw new IllegalArgumentException("status must be pending, running, done, skipped, failed or cancelled");
        }
        if (offset < 0 || limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and 10000");
        }
        return new JobDetail(summary(id), jobs.items(id, status, offset, limit));
    }

    /** Cancels the job: no further file is started (the one being ingested is finished). */
    @PostMapping("/{id}/cancel")
    IngestJobs.JobSummary cancel(@PathVariable long id) {
        IngestJobs.JobSummary before = summary(id);
        access.requireWrite(before.collection(), "cancelling a job");
        if (!ingestion.cancel(id)) {
            throw new IllegalStateException("Job " + id + " already ended (" + before.status() + ")");
        }
        return summary(id);
    }

    /** Resumes a cancelled folder job: its cancelled files are queued again (202). */
    @PostMapping("/{id}/resume")
    ResponseEntity<IngestJobs.JobSummary> resume(@PathVariable long id) {
        IngestJobs.JobSummary job = summary(id);
        if (job.kind().equals("folder")) {
            access.requireAdmin("resuming a folder job (it reads the server's file system)");
        }
        access.requireWrite(job.collection(), "resuming a job");
        ingestion.resume(id);
        return accepted(id);
    }

    /**
     * The job's progress as server-sent events: {@code progress} (the job summary, when it
     * changes), {@code failed} (each failed item) and a last {@code end} (the final summary).
     */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable long id) {
        summary(id);
        return events.stream(id);
    }

    /** The job, if it exists and the caller may read its collection. */
    private IngestJobs.JobSummary summary(long id) {
        return jobs.summary(id)
                .filter(job -> access.mayRead(job.collection()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No ingest job with id " + id));
    }

    private ResponseEntity<IngestJobs.JobSummary> accepted(long jobId) {
        worker.submit(jobId);
        return ResponseEntity.accepted()
                .location(URI.create("/api/jobs/" + jobId))
                .body(summary(jobId));
    }

    /** The file's own name, without any folders a client put in front of it. */
    static String fileName(String original) {
        String name = original == null
                ? ""
                : original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cc}", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > 255) {
            throw new IllegalArgumentException("Uploaded file name '" + original + "' is not a usable file name");
        }
        return name;
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // Nothing was stored, or the next upload's folder is a different one anyway.
        }
    }
}
