/**
 * Tokenizers built from a GGUF file's vocabulary ({@code tokenizer.ggml.*} metadata) that give the
 * same tokens and text as llama.cpp: SentencePiece-style merging by score for {@code llama}
 * vocabularies and GPT-2 byte-level BPE with the {@code default}, {@code gpt-2}, {@code llama-bpe}
 * and {@code qwen2} pre-tokenizers for {@code gpt2} ones; special tokens, end-of-generation tokens
 * and streaming decoding of generated text. Reference: llama.cpp's {@code src/llama-vocab.cpp} and
 * {@code src/unicode.cpp}; the tests compare with its output on eight vocabularies.
 */
package dev.groundwork.runtime.tokenizer;
