package dev.groundwork.vectorstore;

/** One entry of the catalog's outbox, in the order the indexer must apply it. */
public sealed interface IndexOperation {

    /** Position in the outbox; operations are applied in increasing order. */
    long outboxId();

    /** Adds the chunk, or replaces the chunk with the same id. */
    record Upsert(long outboxId, IndexedChunk chunk) implements IndexOperation {}

    /** Removes the chunk if the index holds it. */
    record Delete(long outboxId, long chunkId) implements IndexOperation {}

    /**
     * Stands for an outbox entry with nothing left to do (its chunk was deleted later); applying it
     * only advances the recorded position.
     */
    record Skip(long outboxId) implements IndexOperation {}
}
