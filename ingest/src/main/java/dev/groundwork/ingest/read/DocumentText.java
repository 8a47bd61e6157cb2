package dev.groundwork.ingest.read;

import java.util.List;
import java.util.Objects;

/**
 * The text extracted from one file, normalised, with its title and media type.
 *
 * @param sectionStarts offsets in {@code text} where a heading begins, in increasing order: chunks
 *     do not run across them
 */
public record DocumentText(String title, String text, String mediaType, List<Integer> sectionStarts) {

    public DocumentText {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mediaType, "mediaType");
        sectionStarts = List.copyOf(sectionStarts);
    }

    public DocumentText(String title, String text, String mediaType) {
        this(title, text, mediaType, List.of());
    }
}
