package dev.groundwork.vectorstore;

import java.util.Objects;

/** A chunk with the embedding the index searches it by. */
public record IndexedChunk(StoredChunk chunk, float[] embedding) {

    public IndexedChunk {
        Objects.requireNonNull(chunk, "chunk");
        Objects.requireNonNull(embedding, "embedding");
    }

    public long chunkId() {
        return chunk.chunkId();
    }
}
