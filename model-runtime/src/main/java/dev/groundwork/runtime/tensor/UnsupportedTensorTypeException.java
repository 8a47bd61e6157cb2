package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;

/** A tensor type this runtime cannot compute with; public so that loaders can report it per file. */
public final class UnsupportedTensorTypeException extends RuntimeException {

    public UnsupportedTensorTypeException(GgmlType type) {
        super("tensor type %s is not supported; supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K"
                .formatted(type));
    }
}
