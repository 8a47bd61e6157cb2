package dev.groundwork.vectorstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A chunk as the index stores and returns it: its text is exactly {@code [start, end)} of its
 * document's text, and it is the {@code ordinal}-th chunk of that document.
 *
 * @param headingPath the headings above the chunk in its document, "Guide > Install > Linux", or empty
 * @param modified when the document's source was last modified, or {@code null} if unknown
 */
public record StoredChunk(
        long chunkId,
        long documentId,
        int ordinal,
        String collection,
        String source,
        String title,
        String headingPath,
        Set<String> tags,
        Instant modified,
        int start,
        int end,
        String text) {

    public StoredChunk {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(headingPath, "headingPath");
        Objects.requireNonNull(text, "text");
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("Chunk span [" + start + ", " + end + ") is not a valid span");
        }
        if (end - start != text.length()) {
            throw new IllegalArgumentException("Chunk span [" + start + ", " + end + ") has length " + (end - start)
                    + " but text has " + text.length() + " characters");
        }
    }
}
