package dev.groundwork.vectorstore.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.runtime.embedding.EmbedderEmbeddingModel;
import dev.groundwork.runtime.embedding.EmbeddingModelChoice;
import dev.groundwork.runtime.embedding.OnnxEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Spring AI's own vector store contract ({@link BaseVectorStoreTests}), plus filter expressions
 * in searches, on the real embedding model. Lives in the api module, which has both the store
 * and the model on its class path.
 */
class LuceneVectorStoreContractTest extends BaseVectorStoreTests {

    private static OnnxEmbedder embedder;

    @TempDir
    Path folder;

    @BeforeAll
    static void load() {
        embedder = new OnnxEmbedder(EmbeddingModelChoice.ALL_MINILM_L6_V2_Q, 2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Override
    protected void executeTest(Consumer<VectorStore> testFunction) {
        try (LuceneVectorStore store = new LuceneVectorStore(
                folder.resolve(UUID.randomUUID().toString()), new EmbedderEmbeddingModel(embedder))) {
            testFunction.accept(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void translatesFilterExpressionsIntoPreFilteredSearches() {
        executeTest(store -> {
            store.add(List.of(
                    document("1", "Lighthouse keepers wind the lamp clockwork.", Map.of("country", "UK", "year", 1874)),
                    document("2", "Lighthouse lenses turn on mercury.", Map.of("country", "FR", "year", 1900)),
                    document("3", "Lighthouse fog horns sound in bad weather.", Map.of("country", "UK", "year", 1950)),
                    document("4", "Sourdough starters need daily feeding.", Map.of("year", 2020))));

            assertThat(ids(store, "country == 'UK'")).containsExactlyInAnyOrder("1", "3");
            assertThat(ids(store, "country == 'UK' && year >= 1900")).containsExactly("3");
            assertThat(ids(store, "year < 1900 || country == 'FR'")).containsExactlyInAnyOrder("1", "2");
            assertThat(ids(store, "country in ['FR', 'DE']")).containsExactly("2");
            assertThat(ids(store, "country nin ['UK']")).containsExactlyInAnyOrder("2", "4");
            assertThat(ids(store, "NOT (year > 1874)")).containsExactly("1");
            assertThat(ids(store, "country != 'UK'")).containsExactlyInAnyOrder("2", "4");
        });
    }

    @Test
    void ranksBySimilarityAndAppliesTheThreshold() {
        executeTest(store -> {
            store.add(List.of(
                    document("a", "The fog horn sounds every thirty seconds.", Map.of()),
                    document("b", "Bake the bread at 250 degrees.", Map.of())));

            List<Document> results = store.similaritySearch(SearchRequest.builder()
                    .query("How often does the fog horn sound?")
                    .topK(2)
                    .similarityThresholdAll()
                    .build());
            assertThat(results).extracting(Document::getId).containsExactly("a", "b");
            assertThat(results.get(0).getScore()).isGreaterThan(results.get(1).getScore());

            List<Document> strict = store.similaritySearch(SearchRequest.builder()
                    .query("How often does the fog horn sound?")
                    .topK(2)
                    .similarityThreshold(results.get(0).getScore() - 0.001)
                    .build());
            assertThat(strict).extracting(Document::getId).containsExactly("a");
        });
    }

    private static Document document(String id, String text, Map<String, Object> metadata) {
        return Document.builder().id(id).text(text).metadata(metadata).build();
    }

    private static List<String> ids(VectorStore store, String filter) {
        return store
                .similaritySearch(SearchRequest.builder()
                        .query("lighthouse")
                        .topK(10)
                        .similarityThresholdAll()
                        .filterExpression(filter)
                        .build())
                .stream()
                .map(Document::getId)
                .toList();
    }
}
