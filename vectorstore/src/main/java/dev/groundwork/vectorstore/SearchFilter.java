package dev.groundwork.vectorstore;

import java.time.Instant;
import java.util.Set;

/**
 * Restricts a search; every condition given must hold. Applied inside both the keyword and the
 * vector search (kNN is pre-filtered, so it still returns k hits when the filter is selective).
 *
 * @param collections any of these collections (all when empty)
 * @param documentIds any of these documents (all when empty)
 * @param tags documents carrying at least one of these tags (no condition when empty)
 * @param modifiedFrom documents modified at or after this instant, or {@code null}
 * @param modifiedTo documents modified before this instant, or {@code null}
 * @param sourcePrefix documents whose source starts with this, or {@code null}
 */
public record SearchFilter(
        Set<String> collections,
        Set<Long> documentIds,
        Set<String> tags,
        Instant modifiedFrom,
        Instant modifiedTo,
        String sourcePrefix) {

    public static final SearchFilter NONE = new SearchFilter(Set.of(), Set.of(), Set.of(), null, null, null);

    public SearchFilter {
        collections = collections == null ? Set.of() : Set.copyOf(collections);
        documentIds = documentIds == null ? Set.of() : Set.copyOf(documentIds);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        if (sourcePrefix != null && sourcePrefix.isEmpty()) {
            sourcePrefix = null;
        }
        if (modifiedFrom != null && modifiedTo != null && !modifiedFrom.isBefore(modifiedTo)) {
            throw new IllegalArgumentException(
                    "The date range [" + modifiedFrom + ", " + modifiedTo + ") is empty: 'from' must be before 'to'");
        }
    }

    /** Only the given collection, or no condition for {@code null}. */
    public static SearchFilter collection(String collection) {
        return collection == null ? NONE : new SearchFilter(Set.of(collection), Set.of(), Set.of(), null, null, null);
    }

    public boolean isEmpty() {
        return collections.isEmpty()
                && documentIds.isEmpty()
                && tags.isEmpty()
                && modifiedFrom == null
                && modifiedTo == null
                && sourcePrefix == null;
    }
}
