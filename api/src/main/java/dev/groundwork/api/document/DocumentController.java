package dev.groundwork.api.document;

import dev.groundwork.api.security.Access;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.StoredDocument;
import dev.groundwork.vectorstore.ChunkIndex;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Documents: read in the collections the caller may read (others answer 404, as if absent), deleted
 * by a writer of their collection; {@code /api/status} (admins).
 */
@RestController
@RequestMapping("/api")
class DocumentController {

    private final Catalog catalog;
    private final ChunkIndex index;
    private final String embeddingModel;
    private final Access access;

    DocumentController(
            Catalog catalog, ChunkIndex index, dev.groundwork.runtime.embedding.Embedder embedder, Access access) {
        this.catalog = catalog;
        this.index = index;
        this.embeddingModel = embedder.modelName();
        this.access = access;
    }

    @GetMapping("/documents/{id}")
    StoredDocument document(@PathVariable long id) {
        return catalog.document(id)
                .filter(document -> access.mayRead(document.collection()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document with id " + id));
    }

    @GetMapping("/documents/{id}/chunks")
    List<StoredDocument.Chunk> chunks(@PathVariable long id) {
        document(id);
        return catalog.chunks(id);
    }

    /**
     * The collection's documents, by source, a page at a time; {@code q} (part of the title or
     * source), {@code mediaType} and {@code tag} narrow the list. The header {@code X-Total-Count}
     * says how many match.
     */
    @GetMapping("/collections/{name}/documents")
    ResponseEntity<List<Catalog.DocumentSummary>> documents(
            @PathVariable String name,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(required = false) @Size(max = 500) String q,
            @RequestParam(required = false) @Size(max = 200) String mediaType,
            @RequestParam(required = false) @Size(max = 200) String tag) {
        access.requireRead(name, "listing its documents");
        Catalog.DocumentQuery query =
                new Catalog.DocumentQuery(blankToNull(q), blankToNull(mediaType), blankToNull(tag));
        return ResponseEntity.ok()
                .header("X-Total-Count", Long.toString(catalog.documentCount(name, query)))
                .body(catalog.documents(name, query, offset, limit));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Deletes the document; its chunks leave the index through the outbox. */
    @DeleteMapping("/documents/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        access.requireWrite(document(id).collection(), "deleting a document");
        if (!catalog.deleteDocument(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No document with id " + id);
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * @param chunks chunks in the catalog
     * @param indexedChunks chunks searchable in the index (equal to {@code chunks} once caught up)
     */
    record Status(String embeddingModel, long documents, long chunks, long indexedChunks, long lastAppliedOutboxId) {}

    @GetMapping("/status")
    Status status() {
        return new Status(
                embeddingModel,
                catalog.documentCount(),
                catalog.chunkCount(),
                index.chunkCount(),
                index.lastAppliedOutboxId());
    }
}
