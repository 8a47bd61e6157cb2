/**
 * The catalog in PostgreSQL, the system of record: collections, documents with their full text,
 * chunks with their embeddings, ingest jobs and items, and the index outbox that the chunk index
 * is derived from.
 */
package dev.groundwork.ingest.catalog;
