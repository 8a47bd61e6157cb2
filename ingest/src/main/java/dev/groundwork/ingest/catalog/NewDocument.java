package dev.groundwork.ingest.catalog;

import java.util.List;

/** A document to be stored with all its chunks, in one transaction. */
public record NewDocument(
        long collectionId,
        String source,
        String contentHash,
        String mediaType,
        String title,
        String text,
        List<NewChunk> chunks) {

    public NewDocument {
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
