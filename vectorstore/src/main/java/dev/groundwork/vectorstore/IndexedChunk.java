package dev.groundwork.vectorstore;

import java.util.Objects;

/**
 * One chunk as the index stores it: the text is exactly {@code [start, end)} of its document's text.
 */
public record IndexedChunk(
        long chunkId,
        long documentId,
        String collection,
        String source,
        String title,
        int start,
        int end,
        String text,
        float[] embedding) {

    public IndexedChunk {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(embedding, "embedding");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("Chunk span [" + start + ", " + end + ") is not a valid span");
        }
        if (end - start != text.length()) {
            throw new IllegalArgumentException("Chunk span [" + start + ", " + end + ") has length " + (end - start)
                    + " but text has " + text.length() + " characters");
        }
    }
}
