package dev.groundwork.ingest.read;

import java.util.Objects;

/**
 * A heading of a document.
 *
 * @param start offset in the document text where the heading's line begins
 * @param level 1 for a title or top-level heading, up to 6
 * @param text the heading's text, on one line
 */
public record Heading(int start, int level, String text) {

    public Heading {
        Objects.requireNonNull(text, "text");
        if (start < 0 || level < 1 || level > 6) {
            throw new IllegalArgumentException("Invalid heading at " + start + " of level " + level);
        }
    }
}
