package dev.groundwork.runtime.embedding;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The embedding models bundled with Groundwork. */
public enum EmbeddingModelChoice {
    /** all-MiniLM-L6-v2, int8: fast, reads at most 128 tokens (126 plus two special tokens). */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", 384, 126, "", "all-minilm-l6-v2-q-tokenizer.json"),
    /** bge-small-en-v1.5, int8: slower, reads 512 tokens, wants an instruction in front of queries. */
    BGE_SMALL_EN_V15_Q(
            "bge-small-en-v1.5-q",
            384,
            510,
            "Represent this sentence for searching relevant passages: ",
            "bge-small-en-v1.5-q-tokenizer.json");

    private final String modelName;
    private final int dimensions;
    private final int maxTokens;
    private final String queryPrefix;
    private final String tokenizerResource;

    EmbeddingModelChoice(
            String modelName, int dimensions, int maxTokens, String queryPrefix, String tokenizerResource) {
        this.modelName = modelName;
        this.dimensions = dimensions;
        this.maxTokens = maxTokens;
        this.queryPrefix = queryPrefix;
        this.tokenizerResource = tokenizerResource;
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

    String tokenizerResource() {
        return tokenizerResource;
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
