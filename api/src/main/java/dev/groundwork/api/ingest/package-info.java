/** {@code POST /api/ingest}: ingest (or re-sync) a folder into a collection. */
package dev.groundwork.api.ingest;
