/**
 * {@code POST /api/answer} and {@code POST /api/answer/stream}: retrieval, an answer from the
 * configured backend, and verification of every sentence under the request's policy.
 */
package dev.groundwork.api.answer;
