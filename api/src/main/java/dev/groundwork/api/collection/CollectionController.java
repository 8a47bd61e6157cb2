package dev.groundwork.api.collection;

import dev.groundwork.api.security.Access;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.runtime.embedding.Embedder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /api/collections}: the collections the caller may read, with their settings and sizes;
 * creating one, changing its settings, deleting one with all it holds (a writer of it, or an admin).
 */
@RestController
@RequestMapping("/api/collections")
class CollectionController {

    private final Catalog catalog;
    private final Access access;
    private final String embeddingModel;

    CollectionController(Catalog catalog, Access access, Embedder embedder) {
        this.catalog = catalog;
        this.access = access;
        this.embeddingModel = embedder.modelName();
    }

    @GetMapping
    List<Catalog.CollectionInfo> collections() {
        return catalog.collections().stream()
                .filter(collection -> access.mayRead(collection.name()))
                .toList();
    }

    /**
     * @param embeddingModel if given, must be the model this server embeds with (a collection's
     *     vectors all come from one model)
     */
    record CreateRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = NAME, message = NAME_RULE)
            String name,

            @Size(max = 2000) String description,
            @Size(max = 200) String embeddingModel) {}

    /** The settings a collection's writer may change. */
    record SettingsRequest(@NotNull @Size(max = 2000) String description) {}

    /** Letters, digits, and {@code . _ -} or spaces inside: safe in a path and in an OpenAI model name. */
    static final String NAME = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N} ._-]*[\\p{L}\\p{N}_])?";

    static final String NAME_RULE = "must start with a letter or digit and hold only letters, digits, spaces and . _ -";

    /** Creates an empty collection (an admin, or a writer granted its name); ingestion also creates them. */
    @PostMapping
    ResponseEntity<Catalog.CollectionInfo> create(@Valid @RequestBody CreateRequest request) {
        access.requireWrite(request.name(), "creating collection '" + request.name() + "'");
        if (request.embeddingModel() != null && !request.embeddingModel().equals(embeddingModel)) {
            throw new IllegalArgumentException("embeddingModel: this server embeds with '" + embeddingModel
                    + "'; to create a collection for '" + request.embeddingModel()
                    + "', run a server with groundwork.embedding.model=" + request.embeddingModel());
        }
        String description =
                request.description() == null ? "" : request.description().strip();
        if (!catalog.createCollection(request.name(), embeddingModel, description)) {
            throw new IllegalStateException("A collection named '" + request.name() + "' exists already");
        }
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/api/collections/{name}")
                        .buildAndExpand(request.name())
                        .encode()
                        .toUri())
                .body(found(request.name()));
    }

    /** The collection with its settings and size (a reader of it). */
    @GetMapping("/{name}")
    Catalog.CollectionInfo collection(@PathVariable String name) {
        access.requireRead(name, "reading collection '" + name + "'");
        return found(name);
    }

    /** Changes the collection's settings (a writer of it). Its embedding model is fixed. */
    @PatchMapping("/{name}")
    Catalog.CollectionInfo settings(@PathVariable String name, @Valid @RequestBody SettingsRequest request) {
        access.requireWrite(name, "changing collection '" + name + "'");
        if (!catalog.describeCollection(name, request.description().strip())) {
            throw notFound(name);
        }
        return found(name);
    }

    private Catalog.CollectionInfo found(String name) {
        return catalog.collectionInfo(name).orElseThrow(() -> notFound(name));
    }

    private static ResponseStatusException notFound(String name) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No collection named '" + name + "'");
    }

    /** Deletes the collection, its documents and jobs; its chunks leave the index through the outbox. */
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        access.requireWrite(name, "deleting collection '" + name + "'");
        if (!catalog.deleteCollection(name)) {
            throw notFound(name);
        }
        return ResponseEntity.noContent().build();
    }
}
