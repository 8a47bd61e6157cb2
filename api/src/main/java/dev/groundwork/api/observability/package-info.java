/**
 * Observability: actuator health of the index, the embedding model and the answer backend;
 * Prometheus metrics of answers (time per stage, time to first token, tokens per second) and of
 * ingestion (queue depth, finished items and chunks); and a request id on every request, in the
 * {@code X-Request-Id} header and in the log lines it causes.
 */
package dev.groundwork.api.observability;
