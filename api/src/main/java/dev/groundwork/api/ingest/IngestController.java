package dev.groundwork.api.ingest;

import dev.groundwork.api.security.Access;
import dev.groundwork.ingest.AllowedRoots;
import dev.groundwork.ingest.FileSelection;
import dev.groundwork.ingest.IngestReport;
import dev.groundwork.ingest.Ingestion;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/ingest}: syncs a folder and answers when it is done (for scripts). Admins only:
 * ingesting a folder reads the server's file system, beyond any one collection.
 */
@RestController
@RequestMapping("/api/ingest")
class IngestController {

    static final String DEFAULT_COLLECTION = "default";
    static final String COLLECTION_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";
    static final String COLLECTION_MESSAGE = "must be letters, digits, '.', '_' or '-'";

    private final Ingestion ingestion;
    private final IngestWorker worker;
    private final AllowedRoots allowedRoots;
    private final Access access;

    IngestController(Ingestion ingestion, IngestWorker worker, AllowedRoots allowedRoots, Access access) {
        this.ingestion = ingestion;
        this.worker = worker;
        this.allowedRoots = allowedRoots;
        this.access = access;
    }

    /**
     * @param path a folder on the server's file system, under one of the allowed roots
     * @param collection the collection to sync it into; {@value #DEFAULT_COLLECTION} when absent
     * @param include glob patterns of the files to ingest (all when absent), e.g. {@code *.html}
     * @param exclude glob patterns of files to leave out
     * @param tags tags for the documents this job (re)ingests, filterable in searches
     */
    record IngestRequest(
            @NotBlank @Size(max = 4096) String path,

            @Size(min = 1, max = 200) @Pattern(regexp = COLLECTION_PATTERN, message = COLLECTION_MESSAGE)
            String collection,

            List<@NotBlank @Size(max = 500) String> include,
            List<@NotBlank @Size(max = 500) String> exclude,
            @Size(max = 50) Set<@NotBlank @Size(max = 100) String> tags) {

        String collectionOrDefault() {
            return collection == null ? DEFAULT_COLLECTION : collection;
        }

        /**
         * Submits the job, if the caller is an admin and the folder lies under the allowed roots. A
         * writer key may not ingest folders: it could read any file under the allowed roots (the
         * home directory by default) into a collection it can read.
         */
        long submit(Ingestion ingestion, AllowedRoots allowedRoots, Access access) {
            access.requireAdmin("ingesting a folder of the server's file system (writers upload files instead)");
            return ingestion.submitFolder(
                    allowedRoots.check(Path.of(path)),
                    collectionOrDefault(),
                    new FileSelection(include, exclude),
                    tags == null ? Set.of() : tags);
        }
    }

    /** Answers once the job ended and its chunks are searchable. */
    @PostMapping
    IngestReport ingest(@Valid @RequestBody IngestRequest request) {
        try {
            return worker.submit(request.submit(ingestion, allowedRoots, access))
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
