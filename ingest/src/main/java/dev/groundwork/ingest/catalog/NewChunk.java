package dev.groundwork.ingest.catalog;

/** A chunk to be stored: a span of its document's text, its token count and its embedding. */
public record NewChunk(int start, int end, int tokenCount, String text, float[] embedding) {}
