package dev.groundwork.runtime.embedding;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The embedding models bundled with Groundwork. */
public enum EmbeddingModelChoice {
    /** all-MiniLM-L6-v2, int8: fast, reads at most 128 tokens (126 plus two special tokens). */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", 384, 126, "", PoolingMode.MEAN),
    /** bge-small-en-v1.5, int8: slower, reads 512 tokens, wants an instruction in front of queries. */
    BGE_SMALL_EN_V15_Q(
            "bge-small-en-v1.5-q",
            384,
            510,
            "Represent this sentence for searching relevant passages: ",
            PoolingMode.CLS);

    private final String modelName;
    private final int dimensions;
    private final int maxTokens;
    private final String queryPrefix;
    private final PoolingMode pooling;

    EmbeddingModelChoice(String modelName, int dimensions, int maxTokens, String queryPrefix, PoolingMode pooling) {
        this.modelName = modelName;
        this.dimensions = dimensions;
        this.maxTokens = maxTokens;
        this.queryPrefix = queryPrefix;
        this.pooling = pooling;
    }

    public String modelName() {
        return modelName;
    }

    public int dimensions() {
        return dimensions;
    }

    public int maxTokens() {
        return maxTokens;
    }

    String queryPrefix() {
        return queryPrefix;
    }

    /** The ONNX model file inside the model's jar. */
    String modelResource() {
        return modelName + ".onnx";
    }

    String tokenizerResource() {
        return modelName + "-tokenizer.json";
    }

    PoolingMode pooling() {
        return pooling;
    }

    /** Looks a model up by its name, e.g. {@code all-minilm-l6-v2-q}. */
    public static EmbeddingModelChoice byName(String name) {
        return Arrays.stream(values())
                .filter(choice -> choice.modelName.equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("Unknown embedding model '" + name + "'; expected one of "
                                + Arrays.stream(values())
                                        .map(EmbeddingModelChoice::modelName)
                                        .collect(Collectors.joining(", "))));
    }
}
