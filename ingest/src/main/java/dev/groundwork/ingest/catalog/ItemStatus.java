package dev.groundwork.ingest.catalog;

import java.util.Locale;

/** Where an ingest item is in its life. */
public enum ItemStatus {
    PENDING,
    RUNNING,
    DONE,
    SKIPPED,
    FAILED,
    CANCELLED;

    String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
