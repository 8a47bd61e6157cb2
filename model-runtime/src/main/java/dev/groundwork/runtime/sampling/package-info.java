/**
 * Chooses the next token from the logits, in llama.cpp's order: repetition and presence penalties
 * over the recent tokens, then top-k, top-p (nucleus), min-p, temperature, and a seeded draw;
 * temperature 0 is greedy.
 */
package dev.groundwork.runtime.sampling;
