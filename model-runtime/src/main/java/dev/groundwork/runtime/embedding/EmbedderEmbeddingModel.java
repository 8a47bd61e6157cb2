package dev.groundwork.runtime.embedding;

import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/** Spring AI's {@link EmbeddingModel} backed by a Groundwork {@link Embedder} (passage embeddings). */
public final class EmbedderEmbeddingModel implements EmbeddingModel {

    private final Embedder embedder;

    public EmbedderEmbeddingModel(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<float[]> vectors = embedder.embedPassages(request.getInstructions());
        List<Embedding> embeddings = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            embeddings.add(new Embedding(vectors.get(i), i));
        }
        return new EmbeddingResponse(embeddings);
    }

    @Override
    public float[] embed(Document document) {
        return embedder.embedPassages(List.of(getEmbeddingContent(document))).getFirst();
    }

    @Override
    public int dimensions() {
        return embedder.dimensions();
    }
}
