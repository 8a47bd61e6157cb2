package dev.groundwork.ingest.catalog;

/** A document as the catalog holds it; {@code text} is what all chunk and citation spans index into. */
public record StoredDocument(
        long id, String collection, String source, String title, String mediaType, String contentHash, String text) {}
