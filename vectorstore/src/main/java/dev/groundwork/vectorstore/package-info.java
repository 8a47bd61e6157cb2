/**
 * The hybrid chunk index: one Lucene index holding BM25 text and an int8-quantized HNSW vector per
 * chunk, written only by applying the catalog's outbox in order, and searched by fusing keyword
 * and vector results with reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009).
 *
 * <p>The index is derived data: its last commit records the id of the last outbox operation it
 * holds, so it can always be brought up to date, or rebuilt from scratch, from the catalog.
 */
package dev.groundwork.vectorstore;
