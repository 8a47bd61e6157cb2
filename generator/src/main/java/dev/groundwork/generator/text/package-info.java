/** Sentences and content words: the text analysis that answering and verification share. */
package dev.groundwork.generator.text;
