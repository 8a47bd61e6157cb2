/** {@code POST /api/answer}: retrieval followed by a cited answer. */
package dev.groundwork.api.answer;
