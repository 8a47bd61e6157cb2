package dev.groundwork.runtime.embedding;

import java.util.List;

/** Turns text into unit-length vectors that can be compared by cosine similarity. */
public interface Embedder {

    /** The model's stable name, recorded with every collection that uses it. */
    String modelName();

    /** Length of every vector this embedder returns. */
    int dimensions();

    /** Tokens the model reads at most per input, not counting its special tokens; longer input is cut. */
    int maxTokens();

    /** Number of model tokens in {@code text}, not counting special tokens. */
    int countTokens(String text);

    /** Embeds a search query (some models want a query instruction in front). */
    float[] embedQuery(String query);

    /** Embeds passages in one batch; the result has the same order as the input. */
    List<float[]> embedPassages(List<String> passages);
}
