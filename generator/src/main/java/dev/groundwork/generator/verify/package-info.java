/**
 * Checks an answer claim by claim against its sources.
 *
 * <p>Each sentence of the answer is a claim. For each claim the {@link
 * dev.groundwork.generator.verify.Verifier} finds the best evidence among the sources' sentences
 * (and pairs of adjacent sentences, for claims that join two), by lexical coverage of the claim's
 * content words and embedding similarity, then checks what those two signals miss: numbers that
 * differ, a negation on one side only, an antonym in place of the evidence's word, names the
 * evidence does not contain. The result is a label (supported, partial, unsupported), a score and
 * the evidence as an exact span of its document.
 */
package dev.groundwork.generator.verify;
