/**
 * {@code /api/index}: rebuild the chunk index from the catalog (stored embeddings, no re-embedding)
 * and compare it with the catalog, repairing differences.
 */
package dev.groundwork.api.index;
