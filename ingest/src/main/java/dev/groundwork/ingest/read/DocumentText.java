package dev.groundwork.ingest.read;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The text extracted from one file, normalised, with its title, media type and structure.
 *
 * @param headings the document's headings in increasing offset order: chunks do not run across
 *     them, and each chunk carries the path of headings above it
 * @param pageStarts offsets in {@code text} where each page begins (page 1 first), for formats
 *     with pages; empty otherwise
 * @param metadata what the file says about itself, e.g. {@code author}, {@code created},
 *     {@code modified} (ISO-8601), {@code pages}, {@code language}, {@code subject}
 */
public record DocumentText(
        String title,
        String text,
        String mediaType,
        List<Heading> headings,
        List<Integer> pageStarts,
        Map<String, String> metadata) {

    public DocumentText {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mediaType, "mediaType");
        headings = List.copyOf(headings);
        pageStarts = List.copyOf(pageStarts);
        metadata = Map.copyOf(metadata);
    }

    public DocumentText(String title, String text, String mediaType) {
        this(title, text, mediaType, List.of(), List.of(), Map.of());
    }

    /** The offsets where headings begin. */
    public List<Integer> sectionStarts() {
        return headings.stream().map(Heading::start).toList();
    }
}
