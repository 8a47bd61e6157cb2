package dev.groundwork.ingest.catalog;

import java.util.List;
import java.util.Map;

/**
 * A document as the catalog holds it; {@code text} is what all chunk and citation spans index into.
 *
 * @param metadata what the file said about itself (author, dates, page count, ...)
 * @param pageStarts where each page begins in {@code text}, for paged formats
 */
public record StoredDocument(
        long id,
        String collection,
        String source,
        String title,
        String mediaType,
        String contentHash,
        Map<String, String> metadata,
        List<Integer> pageStarts,
        String text) {

    /** A chunk of the document: the span {@code [start, end)} of its text, under {@code headingPath}. */
    public record Chunk(long id, int ordinal, int start, int end, int tokenCount, String headingPath, String text) {}
}
