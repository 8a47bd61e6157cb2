package dev.groundwork.runtime.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one of the bundled int8 ONNX sentence embedding models on ONNX Runtime, inside the process.
 *
 * <p>The model file and its tokenizer come from the model's Maven Central jar; counting uses the
 * same tokenizer so that chunk sizes are exact in the model's own tokens.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

    private final EmbeddingModelChoice choice;
    private final EmbeddingModel model;
    private final HuggingFaceTokenizer tokenizer;
    private final WordTokenCounter counter;
    private final ExecutorService workers;

    /** Loads {@code choice} with {@code threads} parallel inference workers. */
    public OnnxEmbedder(EmbeddingModelChoice choice, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Embedding threads must be at least 1, was " + threads);
        }
        this.choice = choice;
        this.workers = Executors.newFixedThreadPool(
                threads, Thread.ofPlatform().name("embedder-", 0).daemon(true).factory());
        OnnxBertBiEncoder encoder = encoder(choice);
        this.model = new AbstractInProcessEmbeddingModel(workers) {
            @Override
            protected OnnxBertBiEncoder model() {
                return encoder;
            }

            @Override
            protected Integer knownDimension() {
                return choice.dimensions();
            }
        };
        this.tokenizer = loadTokenizer(choice.tokenizerResource());
        this.counter = new WordTokenCounter(this::countExactly);
    }

    /**
     * One ONNX Runtime session, shared by the workers. Each inference runs on one thread without
     * spin-waiting: parallelism comes from the workers, and the runtime's default (a pool of all
     * cores per call, spinning) oversubscribes the cores when several workers call at once.
     */
    private static OnnxBertBiEncoder encoder(EmbeddingModelChoice choice) {
        try (InputStream model = resource(choice.modelResource());
                InputStream tokenizer = resource(choice.tokenizerResource());
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, choice.pooling());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedding model " + choice.modelName(), e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the embedding model " + choice.modelName(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Resource " + name + " is not on the class path");
        }
        return in;
    }

    private static HuggingFaceTokenizer loadTokenizer(String resource) {
        try (InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Tokenizer resource " + resource + " is not on the class path");
            }
            // Counting must see the whole text, so the tokenizer's own truncation is switched off.
            return HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read tokenizer " + resource, e);
        }
    }

    @Override
    public String modelName() {
        return choice.modelName();
    }

    @Override
    public int dimensions() {
        return choice.dimensions();
    }

    @Override
    public int maxTokens() {
        return choice.maxTokens();
    }

    @Override
    public int countTokens(String text) {
        return counter.count(text);
    }

    /** Counts with one call to the native tokenizer, which costs far more than a word's lookup. */
    int countExactly(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public float[] embedQuery(String query) {
        return normalized(model.embed(choice.queryPrefix() + query).content().vector());
    }

    @Override
    public List<float[]> embedPassages(List<String> passages) {
        if (passages.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = passages.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream()
                .map(embedding -> normalized(embedding.vector()))
                .toList();
    }

    private static float[] normalized(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        float scale = sum == 0 ? 0 : (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    @Override
    public void close() {
        tokenizer.close();
        workers.shutdownNow();
    }
}
