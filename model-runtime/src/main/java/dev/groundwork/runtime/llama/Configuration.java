package dev.groundwork.runtime.llama;

import dev.groundwork.runtime.gguf.GgufFormatException;
import dev.groundwork.runtime.gguf.GgufMetadata;
import java.util.Set;

/**
 * The hyperparameters of a model, read from its GGUF metadata ({@code <architecture>.*} keys).
 *
 * @param headDim values per attention head (queries and keys)
 * @param ropeDims leading values of each head that RoPE rotates (all of them in most models)
 * @param ropeScale positions are divided by this (linear RoPE scaling; 1 when absent)
 * @param neoxRope rotate (x[i], x[i + d/2]) instead of adjacent pairs
 */
public record Configuration(
        String architecture,
        int dim,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int ffnDim,
        int vocabularySize,
        int contextLength,
        float rmsEps,
        float ropeTheta,
        int ropeDims,
        float ropeScale,
        boolean neoxRope) {

    /** Architectures this runtime runs. */
    public static final Set<String> ARCHITECTURES = Set.of("llama", "qwen2", "qwen3");

    public Configuration {
        if (heads % kvHeads != 0) {
            throw new GgufFormatException(
                    "%d attention heads cannot share %d KV heads evenly".formatted(heads, kvHeads));
        }
        if (ropeDims > headDim || ropeDims % 2 != 0) {
            throw new GgufFormatException(
                    "RoPE over %d dimensions of %d-value heads is impossible".formatted(ropeDims, headDim));
        }
    }

    public static Configuration from(GgufMetadata metadata) {
        String architecture = metadata.string("general.architecture");
        if (!ARCHITECTURES.contains(architecture)) {
            throw new GgufFormatException(
                    "model architecture %s is not supported; supported: llama, qwen2, qwen3".formatted(architecture));
        }
        String a = architecture + ".";
        int dim = metadata.positiveInt(a + "embedding_length");
        int heads = metadata.positiveInt(a + "attention.head_count");
        int kvHeads = metadata.contains(a + "attention.head_count_kv")
                ? metadata.positiveInt(a + "attention.head_count_kv")
                : heads;
        int headDim = metadata.contains(a + "attention.key_length")
                ? metadata.positiveInt(a + "attention.key_length")
                : dim / heads;
        int vocabulary = metadata.contains(a + "vocab_size")
                ? metadata.positiveInt(a + "vocab_size")
                : metadata.strings("tokenizer.ggml.tokens").size();
        float ropeScale = 1;
        String scaling = metadata.optionalString(a + "rope.scaling.type").orElse("none");
        switch (scaling) {
            case "none" -> {}
            case "linear" ->
                ropeScale = metadata.optionalReal(a + "rope.scaling.factor")
                        .orElse(1.0)
                        .floatValue();
            default ->
                throw new GgufFormatException(
                        "RoPE scaling %s is not supported; supported: none, linear (and rope_freqs factors)"
                                .formatted(scaling));
        }
        return new Configuration(
                architecture,
                dim,
                metadata.positiveInt(a + "block_count"),
                heads,
                kvHeads,
                headDim,
                metadata.positiveInt(a + "feed_forward_length"),
                vocabulary,
                metadata.positiveInt(a + "context_length"),
                metadata.optionalReal(a + "attention.layer_norm_rms_epsilon")
                        .orElse(1e-5)
                        .floatValue(),
                metadata.optionalReal(a + "rope.freq_base").orElse(10000.0).floatValue(),
                metadata.contains(a + "rope.dimension_count")
                        ? metadata.positiveInt(a + "rope.dimension_count")
                        : headDim,
                ropeScale,
                !architecture.equals("llama"));
    }

    /** Query heads per KV head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    public int kvDim() {
        return kvHeads * headDim;
    }

    public int queryDim() {
        return heads * headDim;
    }
}
