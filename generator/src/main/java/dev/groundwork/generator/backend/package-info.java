/**
 * What writes answers: {@link dev.groundwork.generator.backend.AnswerBackend} is the seam;
 * {@link dev.groundwork.generator.backend.ExtractiveBackend} needs no language model (it answers
 * with the source sentences that best match the question); {@link
 * dev.groundwork.generator.backend.ChatModelBackend} prompts any Spring AI chat model with the
 * numbered sources.
 */
package dev.groundwork.generator.backend;
