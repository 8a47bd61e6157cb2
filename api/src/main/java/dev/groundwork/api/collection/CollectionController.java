package dev.groundwork.api.collection;

import dev.groundwork.ingest.catalog.Catalog;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/collections}: the collections with their sizes; deleting one with all it holds. */
@RestController
@RequestMapping("/api/collections")
class CollectionController {

    private final Catalog catalog;

    CollectionController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    List<Catalog.CollectionInfo> collections() {
        return catalog.collections();
    }

    /** Deletes the collection, its documents and jobs; its chunks leave the index through the outbox. */
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        if (!catalog.deleteCollection(name)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No collection named '" + name + "'");
        }
        return ResponseEntity.noContent().build();
    }
}
