package dev.groundwork.ingest.catalog;

/**
 * A chunk to be stored: a span of its document's text, its token count, the path of headings
 * above it and its embedding.
 */
public record NewChunk(int start, int end, int tokenCount, String headingPath, String text, float[] embedding) {}
