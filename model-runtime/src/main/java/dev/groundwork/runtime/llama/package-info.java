/**
 * The decoder-only transformer of the Llama family as llama.cpp runs it: {@code llama} (Llama 2 and
 * 3.x, Mistral), {@code qwen2} (attention biases, NeoX RoPE) and {@code qwen3} (per-head q/k RMS
 * norms). Pre-norm blocks with RMSNorm, rotary position embeddings, grouped-query attention over a
 * KV cache and a SwiGLU feed-forward; prompts are processed as a batch that reads each weight once.
 */
package dev.groundwork.runtime.llama;
