package dev.groundwork.ingest.read;

import java.util.Objects;

/** The text extracted from one file, normalised, with its title and media type. */
public record DocumentText(String title, String text, String mediaType) {

    public DocumentText {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
