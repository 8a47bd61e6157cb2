/**
 * Answer backends. {@link dev.groundwork.generator.answer.ExtractiveAnswerer} needs no language
 * model: it answers with the source sentences that best match the question, each cited with its
 * exact span.
 */
package dev.groundwork.generator.answer;
