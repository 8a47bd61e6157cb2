package dev.groundwork.generator.verify;

import java.util.Objects;

/**
 * A passage the claims are checked against: {@code text} is the characters {@code [offset,
 * offset + text.length())} of document {@code documentId}'s text (or, for sources given as plain
 * text, the whole of source number {@code documentId}, at offset 0).
 */
public record Source(long documentId, int offset, String text) {

    public Source {
        Objects.requireNonNull(text, "text");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }
}
