/**
 * The answer pipeline: retrieval, context packing, a draft by the backend, verification of every
 * sentence with its citations checked and corrected, and the request's policy ({@code annotate},
 * {@code drop}, {@code rewrite}, {@code refuse}).
 */
package dev.groundwork.generator.answer;
