/** Packs retrieved chunks into the numbered sources of an answer's context, under a token budget. */
package dev.groundwork.generator.context;
