package dev.groundwork.runtime.embedding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers the embeddings of the most recent passages, so that the same sentence embedded by the
 * extractive backend and then by the verifier (or for the same question asked twice) is run
 * through the model once. Thread-safe; queries are not cached. Callers must not modify the vectors.
 */
public final class CachingEmbedder implements Embedder {

    private final Embedder model;
    private final Map<String, float[]> recent;

    public CachingEmbedder(Embedder model, int maxEntries) {
        this.model = model;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public String modelName() {
        return model.modelName();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public int maxTokens() {
        return model.maxTokens();
    }

    @Override
    public int countTokens(String text) {
        return model.countTokens(text);
    }

    @Override
    public float[] embedQuery(String query) {
        return model.embedQuery(query);
    }

    @Override
    public List<float[]> embedPassages(List<String> passages) {
        float[][] vectors = new float[passages.size()][];
        Set<String> missingTexts = new LinkedHashSet<>();
        synchronized (recent) {
            for (int i = 0; i < passages.size(); i++) {
                vectors[i] = recent.get(passages.get(i));
                if (vectors[i] == null) {
                    missingTexts.add(passages.get(i));
                }
            }
        }
        if (!missingTexts.isEmpty()) {
            List<String> missing = new ArrayList<>(missingTexts);
            List<float[]> computed = model.embedPassages(missing);
            Map<String, float[]> byText = new LinkedHashMap<>();
            for (int i = 0; i < missing.size(); i++) {
                byText.put(missing.get(i), computed.get(i));
            }
            synchronized (recent) {
                recent.putAll(byText);
            }
            for (int i = 0; i < passages.size(); i++) {
                if (vectors[i] == null) {
                    vectors[i] = byText.get(passages.get(i));
                }
            }
        }
        return List.of(vectors);
    }
}
