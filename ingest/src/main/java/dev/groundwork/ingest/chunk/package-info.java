/**
 * Splitting document text into chunks that are exact {@code [start, end)} character spans of it,
 * sized in the embedding model's own tokens.
 */
package dev.groundwork.ingest.chunk;
