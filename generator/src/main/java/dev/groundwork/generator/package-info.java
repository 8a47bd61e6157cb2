/**
 * Answering questions from the indexed documents: the records an answer is made of, with every
 * claim tied to an exact character span of a source document.
 */
package dev.groundwork.generator;
