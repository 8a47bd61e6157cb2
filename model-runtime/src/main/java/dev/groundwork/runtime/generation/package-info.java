/**
 * Text generation with a local GGUF model: load a file ({@link LanguageModel#load}), open a session
 * (a KV cache and the tokens it holds), and generate with sampling settings, stop strings, a token
 * limit, streaming of decoded text and cancellation. The entry point of the model runtime's
 * language-model side.
 */
package dev.groundwork.runtime.generation;
