/**
 * Multi-turn questions: a follow-up ("and how long does it last?") is rewritten into a standalone
 * question from the conversation so far before it is retrieved and answered, the query-compression
 * step of conversational RAG. A backend with a language model rewrites it; without one (or when the
 * model's rewrite is unusable), the follow-up borrows the content words of the question it follows.
 */
package dev.groundwork.generator.conversation;
