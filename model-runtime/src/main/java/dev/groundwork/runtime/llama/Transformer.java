package dev.groundwork.runtime.llama;

import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.tensor.Kernels;
import dev.groundwork.runtime.tensor.MatMul;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The forward pass: feeds tokens at given positions through the blocks, filling the KV cache, and
 * returns the logits. The tokens of one call are a batch: every weight is read once for all of them
 * (prefill); decoding feeds one token per call.
 */
public final class Transformer implements AutoCloseable {

    /** Tokens per batch: bounds the activation memory of a long prompt (logits take vocabulary × batch floats). */
    static final int MAX_BATCH = 128;

    private final Configuration config;
    private final Weights weights;
    private final MatMul matMul;

    private Transformer(Configuration config, Weights weights, int threads) {
        this.config = config;
        this.weights = weights;
        this.matMul = new MatMul(threads);
    }

    /** The model in {@code file}, computed on {@code threads} threads; the file must stay open. */
    public static Transformer load(GgufFile file, int threads) {
        Configuration config = Configuration.from(file.metadata());
        return new Transformer(config, Weights.load(file, config), threads);
    }

    public Configuration configuration() {
        return config;
    }

    public int threads() {
        return matMul.threads();
    }

    /** A float32 KV cache of {@code capacity} positions. */
    public KvCache newCache(int capacity) {
        return new KvCache(config, capacity, KvCache.Type.F32);
    }

    public KvCache newCache(int capacity, KvCache.Type type) {
        return new KvCache(config, capacity, type);
    }

    /**
     * Feeds {@code tokens} at positions {@code start, start + 1, ...} and returns the logits after
     * each of them ({@code allLogits}) or after the last one only.
     */
    public float[][] forward(int[] tokens, int start, KvCache cache, boolean allLogits) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        if (start < 0 || start + tokens.length > cache.capacity()) {
            throw new IllegalArgumentException("positions %d to %d do not fit a KV cache of %d"
                    .formatted(start, start + tokens.length - 1, cache.capacity()));
        }
        for (int token : tokens) {
            if (token < 0 || token >= config.vocabularySize()) {
                throw new IllegalArgumentException(
                        "token %d is outside the vocabulary of %d".formatted(token, config.vocabularySize()));
            }
        }
        float[][] logits = new float[allLogits ? tokens.length : 1][];
        Batch batch = new Batch(config, Math.min(MAX_BATCH, tokens.length));
        for (int from = 0; from < tokens.length; from += MAX_BATCH) {
            int n = Math.min(MAX_BATCH, tokens.length - from);
            boolean last = from + n == tokens.length;
            forwardBatch(tokens, from, n, start + from, cache, batch);
            if (allLogits) {
                outputs(batch, n, 0, logits, from);
            } else if (last) {
                outputs(batch, 1, n - 1, logits, 0);
            }
        }
        return logits;
    }

    /** Activations of one batch, reused from layer to layer. */
    private static final class Batch {
        final float[][] x;
        final float[][] h;
        final float[][] q;
        final float[][] k;
        final float[][] v;
        final float[][] attention;
        final float[][] out;
        final float[][] gate;
        final float[][] up;
        final float[][] scores;

        Batch(Configuration c, int size) {
            x = new float[size][c.dim()];
            h = new float[size][c.dim()];
            q = new float[size][c.queryDim()];
            k = new float[size][c.kvDim()];
            v = new float[size][c.kvDim()];
            attention = new float[size][c.queryDim()];
            out = new float[size][c.dim()];
            gate = new float[size][c.ffnDim()];
            up = new float[size][c.ffnDim()];
            scores = new float[size * c.heads()][];
        }
    }

    private void forwardBatch(int[] tokens, int from, int n, int position, KvCache cache, Batch b) {
        int dim = config.dim();
        for (int i = 0; i < n; i++) {
            weights.tokenEmbedding().dequantize((long) tokens[from + i] * dim, b.x[i], 0, dim);
        }
        for (int l = 0; l < config.layers(); l++) {
            Weights.Layer layer = weights.layers().get(l);
            int layerIndex = l;
            eachToken(n, i -> Kernels.rmsNorm(b.h[i], b.x[i], layer.attentionNorm(), dim, config.rmsEps()));
            matMul.apply(layer.wq(), config.queryDim(), dim, b.h, b.q, n);
            matMul.apply(layer.wk(), config.kvDim(), dim, b.h, b.k, n);
            matMul.apply(layer.wv(), config.kvDim(), dim, b.h, b.v, n);
            eachToken(n, i -> {
                addBias(b.q[i], layer.bq());
                addBias(b.k[i], layer.bk());
                addBias(b.v[i], layer.bv());
                if (layer.qNorm() != null) {
                    normalizeHeads(b.q[i], config.heads(), layer.qNorm());
                }
                if (layer.kNorm() != null) {
                    normalizeHeads(b.k[i], config.kvHeads(), layer.kNorm());
                }
                rope(b.q[i], config.heads(), position + i);
                rope(b.k[i], config.kvHeads(), position + i);
                cache.store(layerIndex, position + i, b.k[i], b.v[i]);
            });
            attend(cache, l, position, n, b);
            matMul.apply(layer.wo(), dim, config.queryDim(), b.attention, b.out, n);
            eachToken(n, i -> {
                Kernels.axpy(b.x[i], 0, 1, b.out[i], 0, dim);
                Kernels.rmsNorm(b.h[i], b.x[i], layer.ffnNorm(), dim, config.rmsEps());
            });
            matMul.apply(layer.gate(), config.ffnDim(), dim, b.h, b.gate, n);
            matMul.apply(layer.up(), config.ffnDim(), dim, b.h, b.up, n);
            eachToken(n, i -> Kernels.swiGlu(b.gate[i], b.up[i], config.ffnDim()));
            matMul.apply(layer.down(), dim, config.ffnDim(), b.gate, b.out, n);
            eachToken(n, i -> Kernels.axpy(b.x[i], 0, 1, b.out[i], 0, dim));
        }
    }

    /**
     * Runs {@code work} for each of a batch's {@code n} tokens, split across the threads: the steps
     * between the matrix products touch only their own token's arrays (and its own KV cache
     * position), and run on one thread would leave the others idle.
     */
    private void eachToken(int n, IntConsumer work) {
        matMul.parallel(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                work.accept(i);
            }
        });
    }

    private void outputs(Batch b, int count, int first, float[][] logits, int logitsOffset) {
        float[][] normed = new float[count][];
        for (int i = 0; i < count; i++) {
            normed[i] = new float[config.dim()];
            Kernels.rmsNorm(normed[i], b.x[first + i], weights.outputNorm(), config.dim(), config.rmsEps());
            logits[logitsOffset + i] = new float[config.vocabularySize()];
        }
        float[][] rows = Arrays.copyOfRange(logits, logitsOffset, logitsOffset + count);
        matMul.apply(weights.output(), config.vocabularySize(), config.dim(), normed, rows, count);
    }

    private static void addBias(float[] x, float[] bias) {
        if (bias != null) {
            for (int i = 0; i < bias.length; i++) {
                x[i] += bias[i];
            }
        }
    }

    /** Qwen3's RMS norm of each head's query or key, before RoPE. */
    private void normalizeHeads(float[] x, int heads, float[] weight) {
        int d = config.headDim();
        for (int h = 0; h < heads; h++) {
            Kernels.rmsNorm(x, x, h * d, weight, d, config.rmsEps());
        }
    }

    /**
     * Rotates each head's first {@code ropeDims} values by angles {@code position · θ^(-2i/ropeDims)}:
     * adjacent pairs (llama's "normal" mode) or pairs half a head apart (NeoX mode).
     */
    private void rope(float[] x, int heads, int position) {
        int d = config.headDim();
        int pairs = config.ropeDims() / 2;
        float[] factors = weights.ropeFactors();
        for (int i = 0; i < pairs; i++) {
            double frequency = Math.pow(config.ropeTheta(), -2.0 * i / config.ropeDims());
            if (factors != null) {
                frequency /= factors[i];
            }
            double angle = position / config.ropeScale() * frequency;
            float cos = (float) Math.cos(angle);
            float sin = (float) Math.sin(angle);
            int a = config.neoxRope() ? i : 2 * i;
            int b = config.neoxRope() ? i + pairs : 2 * i + 1;
            for (int h = 0; h < heads; h++) {
                float x0 = x[h * d + a];
                float x1 = x[h * d + b];
                x[h * d + a] = x0 * cos - x1 * sin;
                x[h * d + b] = x0 * sin + x1 * cos;
            }
        }
    }

    /** Causal grouped-query attention of the batch's queries over the cache, one task per (token, head). */
    private void attend(KvCache cache, int layer, int position, int n, Batch b) {
        int d = config.headDim();
        float scale = (float) (1 / Math.sqrt(d));
        matMul.parallel(n * config.heads(), 1, (from, to) -> {
            for (int task = from; task < to; task++) {
                int i = task / config.heads();
                int h = task % config.heads();
                int kvHead = h / config.groupSize();
                int length = position + i + 1;
                float[] scores = b.scores[task];
                if (scores == null || scores.length < length) {
                    scores = new float[Math.max(length, 64)];
                    b.scores[task] = scores;
                }
                for (int t = 0; t < length; t++) {
                    scores[t] = cache.keyDot(layer, t, kvHead, b.q[i], h * d) * scale;
                }
                Kernels.softmax(scores, 0, length);
                float[] out = b.attention[i];
                Arrays.fill(out, h * d, h * d + d, 0);
                for (int t = 0; t < length; t++) {
                    cache.addValue(layer, t, kvHead, scores[t], out, h * d);
                }
            }
        });
    }

    @Override
    public void close() {
        matMul.close();
    }
}
