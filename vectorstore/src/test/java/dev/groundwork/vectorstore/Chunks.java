package dev.groundwork.vectorstore;

import java.time.Instant;
import java.util.Set;

/** Small chunks for tests. */
final class Chunks {

    private Chunks() {}

    static IndexedChunk chunk(long id, String collection, String text, float... vector) {
        return chunk(id, id * 100, 0, collection, Set.of(), null, text, vector);
    }

    static IndexedChunk chunk(
            long id,
            long documentId,
            int ordinal,
            String collection,
            Set<String> tags,
            Instant modified,
            String text,
            float... vector) {
        return new IndexedChunk(
                new StoredChunk(
                        id,
                        documentId,
                        ordinal,
                        collection,
                        "/docs/" + collection + "/doc-" + documentId + ".txt",
                        "Doc " + documentId,
                        "Doc " + documentId + " > Part " + ordinal,
                        tags,
                        modified,
                        5,
                        5 + text.length(),
                        text),
                vector);
    }

    static IndexOperation upsert(long outboxId, IndexedChunk chunk) {
        return new IndexOperation.Upsert(outboxId, chunk);
    }
}
