package dev.groundwork.runtime.generation;

import dev.groundwork.runtime.llama.KvCache;
import java.util.Optional;

/**
 * How a model file is run.
 *
 * @param threads threads for the matrix products (the machine's cores is a good choice)
 * @param contextLength positions of the KV cache; 0 takes the model's own context length, capped at
 *     {@link #DEFAULT_CONTEXT}. More than the model was trained on is allowed, as in llama.cpp (some
 *     files understate it), but answers degrade past the trained length.
 * @param chatTemplate a template name (llama3, chatml, mistral, llama2, plain) that overrides the
 *     one recognised from the file, or {@code null}
 * @param fallbackTemplate used when the file's template is missing or not recognised; {@code null}
 *     makes chat on such a model an error
 * @param kvCache how the KV cache stores keys and values: F32, F16 (half the memory) or Q8 (a quarter)
 */
public record ModelOptions(
        int threads, int contextLength, String chatTemplate, String fallbackTemplate, KvCache.Type kvCache) {

    /** Context when the options leave it to the model: long enough for a RAG prompt, small enough for memory. */
    public static final int DEFAULT_CONTEXT = 4096;

    public ModelOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (contextLength < 0) {
            throw new IllegalArgumentException(
                    "contextLength must be 0 (the model's) or positive, was " + contextLength);
        }
        java.util.Objects.requireNonNull(kvCache, "kvCache");
    }

    public static ModelOptions defaults() {
        return new ModelOptions(Runtime.getRuntime().availableProcessors(), 0, null, null, KvCache.Type.F32);
    }

    public ModelOptions withThreads(int value) {
        return new ModelOptions(value, contextLength, chatTemplate, fallbackTemplate, kvCache);
    }

    public ModelOptions withContextLength(int value) {
        return new ModelOptions(threads, value, chatTemplate, fallbackTemplate, kvCache);
    }

    public ModelOptions withChatTemplate(String value) {
        return new ModelOptions(threads, contextLength, value, fallbackTemplate, kvCache);
    }

    public ModelOptions withFallbackTemplate(String value) {
        return new ModelOptions(threads, contextLength, chatTemplate, value, kvCache);
    }

    public ModelOptions withKvCache(KvCache.Type value) {
        return new ModelOptions(threads, contextLength, chatTemplate, fallbackTemplate, value);
    }

    Optional<String> chatTemplateOverride() {
        return Optional.ofNullable(chatTemplate).filter(name -> !name.isBlank());
    }

    Optional<String> fallback() {
        return Optional.ofNullable(fallbackTemplate).filter(name -> !name.isBlank());
    }
}
