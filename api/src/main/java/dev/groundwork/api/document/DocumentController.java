package dev.groundwork.api.document;

import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.StoredDocument;
import dev.groundwork.vectorstore.ChunkIndex;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api")
class DocumentController {

    private final Catalog catalog;
    private final ChunkIndex index;
    private final String embeddingModel;

    DocumentController(Catalog catalog, ChunkIndex index, dev.groundwork.runtime.embedding.Embedder embedder) {
        this.catalog = catalog;
        this.index = index;
        this.embeddingModel = embedder.modelName();
    }

    @GetMapping("/documents/{id}")
    StoredDocument document(@PathVariable long id) {
        return catalog.document(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document with id " + id));
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
