package dev.groundwork.vectorstore;

/**
 * What a comparison of the index with the catalog found (and repaired).
 *
 * @param outboxId the outbox position both were compared at
 * @param missing chunks in the catalog that the index lacked
 * @param extra chunks in the index that the catalog no longer has
 */
public record ConsistencyReport(
        long outboxId, int catalogChunks, int indexChunks, int missing, int extra, boolean repaired) {

    public boolean consistent() {
        return missing == 0 && extra == 0;
    }
}
