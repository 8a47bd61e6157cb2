package dev.groundwork.generator.context;

import java.util.List;
import java.util.Objects;

/**
 * One numbered source of an answer's context: the characters {@code [start, end)} of a document's
 * stored text, made of one retrieved chunk or of several overlapping or touching chunks merged.
 *
 * @param number the source's number in the prompt, from 1
 * @param rank the best search rank (from 1) of the chunks it is made of
 * @param chunks the chunks it is made of, in document order
 * @param tokens its size in the counting tokenizer's tokens
 */
public record PackedSource(
        int number,
        long documentId,
        String title,
        String source,
        String headingPath,
        int start,
        int end,
        String text,
        int rank,
        List<Chunk> chunks,
        int tokens) {

    /** A chunk of the source: {@code [start, end)} of the document's text. */
    public record Chunk(long chunkId, int start, int end) {}

    public PackedSource {
        Objects.requireNonNull(text, "text");
        chunks = List.copyOf(chunks);
        if (end - start != text.length()) {
            throw new IllegalArgumentException("Source span [" + start + ", " + end + ") does not match its text of "
                    + text.length() + " characters");
        }
    }

    /** The chunk that holds the document offset {@code at} (the last one, past the end). */
    public long chunkAt(int at) {
        for (Chunk chunk : chunks) {
            if (at < chunk.end()) {
                return chunk.chunkId();
            }
        }
        return chunks.getLast().chunkId();
    }
}
