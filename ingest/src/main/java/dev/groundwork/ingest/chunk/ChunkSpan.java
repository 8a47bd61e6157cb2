package dev.groundwork.ingest.chunk;

/** A chunk: the characters {@code [start, end)} of its document's text, and their token count. */
public record ChunkSpan(int start, int end, int tokenCount) {

    public ChunkSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("Chunk span [" + start + ", " + end + ") is empty or negative");
        }
    }

    /** The chunk's text, cut from the document text it was made from. */
    public String textOf(String documentText) {
        return documentText.substring(start, end);
    }
}
