package dev.groundwork.api.search;

import dev.groundwork.vectorstore.SearchFilter;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The JSON form of a search filter; every condition given must hold.
 *
 * @param modifiedFrom documents modified at or after this instant (ISO-8601, e.g. 2024-01-31T00:00:00Z)
 * @param modifiedTo documents modified before this instant
 */
public record FilterRequest(
        @Size(max = 100) Set<String> collections,
        @Size(max = 1000) Set<Long> documentIds,
        @Size(max = 100) Set<String> tags,
        Instant modifiedFrom,
        Instant modifiedTo,
        @Size(max = 4096) String sourcePrefix) {

    /** The filter, with the request's shorthand {@code collection} added when given. */
    public static SearchFilter toFilter(FilterRequest filter, String collection) {
        Set<String> collections = new HashSet<>();
        if (filter != null && filter.collections() != null) {
            collections.addAll(filter.collections());
        }
        if (collection != null && !collection.isBlank()) {
            collections.add(collection.strip());
        }
        if (filter == null) {
            return new SearchFilter(collections, Set.of(), Set.of(), null, null, null);
        }
        return new SearchFilter(
                collections,
                filter.documentIds(),
                filter.tags(),
                filter.modifiedFrom(),
                filter.modifiedTo(),
                filter.sourcePrefix());
    }
}
