package dev.groundwork.api.ingest;

import dev.groundwork.ingest.FileSelection;
import dev.groundwork.ingest.IngestReport;
import dev.groundwork.ingest.Ingestion;
import dev.groundwork.vectorstore.OutboxIndexer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/ingest")
class IngestController {

    static final String DEFAULT_COLLECTION = "default";

    private final Ingestion ingestion;
    private final OutboxIndexer indexer;

    IngestController(Ingestion ingestion, OutboxIndexer indexer) {
        this.ingestion = ingestion;
        this.indexer = indexer;
    }

    /**
     * @param path a folder on the server's file system
     * @param collection the collection to sync it into; {@value #DEFAULT_COLLECTION} when absent
     * @param include glob patterns of the files to ingest (all when absent), e.g. {@code *.html}
     * @param exclude glob patterns of files to leave out
     * @param tags tags for the documents this job (re)ingests, filterable in searches
     */
    record IngestRequest(
            @NotBlank @Size(max = 4096) String path,

            @Size(min = 1, max = 200)
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be letters, digits, '.', '_' or '-'")
            String collection,

            List<@NotBlank @Size(max = 500) String> include,
            List<@NotBlank @Size(max = 500) String> exclude,
            @Size(max = 50) Set<@NotBlank @Size(max = 100) String> tags) {}

    /** Answers once the job is finished and its chunks are searchable. */
    @PostMapping
    IngestReport ingest(@Valid @RequestBody IngestRequest request) {
        String collection = request.collection() == null ? DEFAULT_COLLECTION : request.collection();
        IngestReport report = ingestion.ingestFolder(
                Path.of(request.path()),
                collection,
                new FileSelection(request.include(), request.exclude()),
                request.tags() == null ? Set.of() : request.tags());
        indexer.catchUp();
        return report;
    }
}
