package dev.groundwork.generator.verify;

/** The sentence (or two) of a source that best supports a claim: {@code [start, end)} of its document's text. */
public record Evidence(long documentId, int start, int end, String text) {}
