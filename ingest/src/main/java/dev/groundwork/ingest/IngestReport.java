package dev.groundwork.ingest;

import java.util.List;

/**
 * What one ingest job did.
 *
 * @param status {@code finished} or {@code cancelled}
 * @param cancelled files not ingested because the job was cancelled
 * @param deleted documents removed because their files are gone from the folder
 * @param chunks chunks written by the documents that were (re)ingested
 */
public record IngestReport(
        long jobId,
        String collection,
        String status,
        int files,
        int done,
        int skipped,
        int failed,
        int cancelled,
        int deleted,
        int chunks,
        List<ItemOutcome> failures) {

    /** A file that did not make it into the catalog, and why. */
    public record ItemOutcome(String source, String message) {}
}
