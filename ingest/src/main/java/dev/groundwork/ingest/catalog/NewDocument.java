package dev.groundwork.ingest.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document to be stored with all its chunks, in one transaction.
 *
 * @param modified when its source was last modified, or {@code null} if unknown
 * @param metadata what the file says about itself (author, dates, ...), stored as a JSON object
 * @param pageStarts where each page begins in {@code text}, for paged formats
 */
public record NewDocument(
        long collectionId,
        String source,
        String contentHash,
        String mediaType,
        String title,
        String text,
        Set<String> tags,
        Instant modified,
        Map<String, String> metadata,
        List<Integer> pageStarts,
        List<NewChunk> chunks) {

    public NewDocument {
        tags = Set.copyOf(tags);
        metadata = Map.copyOf(metadata);
        pageStarts = List.copyOf(pageStarts);
        chunks = List.copyOf(chunks);
        for (NewChunk chunk : chunks) {
            if (chunk.end() > text.length()
                    || !text.substring(chunk.start(), chunk.end()).equals(chunk.text())) {
                throw new IllegalArgumentException("Chunk [" + chunk.start() + ", " + chunk.end()
                        + ") is not an exact span of the text of " + source);
            }
        }
    }
}
