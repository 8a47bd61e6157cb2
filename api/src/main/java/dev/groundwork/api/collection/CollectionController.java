package dev.groundwork.api.collection;

import dev.groundwork.api.security.Access;
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

/**
 * {@code /api/collections}: the collections the caller may read, with their sizes; deleting one
 * with all it holds (a writer of it, or an admin).
 */
@RestController
@RequestMapping("/api/collections")
class CollectionController {

    private final Catalog catalog;
    private final Access access;

    CollectionController(Catalog catalog, Access access) {
        this.catalog = catalog;
        this.access = access;
    }

    @GetMapping
    List<Catalog.CollectionInfo> collections() {
        return catalog.collections().stream()
                .filter(collection -> access.mayRead(collection.name()))
                .toList();
    }

    /** Deletes the collection, its documents and jobs; its chunks leave the index through the outbox. */
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        access.requireWrite(name, "deleting collection '" + name + "'");
        if (!catalog.deleteCollection(name)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No collection named '" + name + "'");
        }
        return ResponseEntity.noContent().build();
    }
}
