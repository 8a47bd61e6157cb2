/**
 * Wires the pipeline's parts (embedding model, catalog, chunk index and its indexer, ingestion,
 * retrieval, answering) into the application, with their lifecycles.
 */
package dev.groundwork.api.pipeline;
