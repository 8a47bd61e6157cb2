/** Retrieval: embeds the query and searches the hybrid chunk index. */
package dev.groundwork.generator.retrieval;
