/**
 * {@code /api/conversations}: multi-turn question answering. Each follow-up is rewritten into a
 * standalone question from the turns before it, answered and verified like {@code /api/answer},
 * and stored with the conversation in PostgreSQL.
 */
package dev.groundwork.api.conversation;
