package dev.groundwork.ingest.chunk;

import java.util.Objects;

/**
 * A chunk: the characters {@code [start, end)} of its document's text, their token count, and
 * the path of headings above it ("Guide > Install > Linux", empty when the text has no heading
 * above the chunk).
 */
public record ChunkSpan(int start, int end, int tokenCount, String headingPath) {

    public ChunkSpan {
        Objects.requireNonNull(headingPath, "headingPath");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("Chunk span [" + start + ", " + end + ") is empty or negative");
        }
    }

    public ChunkSpan(int start, int end, int tokenCount) {
        this(start, end, tokenCount, "");
    }

    /** The chunk's text, cut from the document text it was made from. */
    public String textOf(String documentText) {
        return documentText.substring(start, end);
    }
}
