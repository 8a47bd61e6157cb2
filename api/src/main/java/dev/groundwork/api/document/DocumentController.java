package dev.groundwork.api.document;

import dev.groundwork.api.security.Access;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.StoredDocument;
import dev.groundwork.vectorstore.ChunkIndex;
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

    /** The collection's documents, by source, a page at a time. */
    @GetMapping("/collections/{name}/documents")
    List<Catalog.DocumentSummary> documents(
            @PathVariable String name,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "100") int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and 1000");
        }
        access.requireRead(name, "listing its documents");
        return catalog.documents(name, offset, limit);
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
