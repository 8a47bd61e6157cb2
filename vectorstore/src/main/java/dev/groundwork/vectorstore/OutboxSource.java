package dev.groundwork.vectorstore;

import java.util.List;
import java.util.function.Consumer;

/** The catalog as the index sees it: its outbox of index operations, and its chunks. */
public interface OutboxSource {

    /** At most {@code limit} operations with an id greater than {@code afterId}, in id order. */
    List<IndexOperation> operationsAfter(long afterId, int limit);

    /**
     * Passes every chunk of the catalog to {@code consumer}, all from one consistent snapshot, and
     * returns the id of the last outbox operation that snapshot contains.
     */
    long forEachChunk(Consumer<IndexedChunk> consumer);

    /** The ids of all chunks, in increasing order, and the last outbox id, from one snapshot. */
    ChunkIds chunkIds();

    /** The chunks with these ids that exist. */
    List<IndexedChunk> chunks(long[] ids);

    /** Chunk ids as of an outbox position. */
    record ChunkIds(long lastOutboxId, long[] ids) {}
}
