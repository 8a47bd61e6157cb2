/**
 * Reads and writes GGUF files, the model file format of llama.cpp (also used by Ollama and LM
 * Studio): a little-endian header with typed key-value metadata and tensor descriptions, then the
 * tensor data, aligned. Versions 2 and 3 are read; weights stay in the memory-mapped file and are
 * never copied onto the heap. Format: ggml's {@code docs/gguf.md}.
 */
package dev.groundwork.runtime.gguf;
