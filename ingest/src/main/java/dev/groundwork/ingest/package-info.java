/**
 * Ingestion: turns a folder of files into catalogued, chunked and embedded documents, through an
 * ingest job whose items each end done, skipped or failed with a precise message.
 */
package dev.groundwork.ingest;
