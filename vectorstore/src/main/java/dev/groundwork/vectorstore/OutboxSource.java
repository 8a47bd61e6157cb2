package dev.groundwork.vectorstore;

import java.util.List;

/** Reads the catalog's index outbox. */
public interface OutboxSource {

    /** At most {@code limit} operations with an id greater than {@code afterId}, in id order. */
    List<IndexOperation> operationsAfter(long afterId, int limit);
}
