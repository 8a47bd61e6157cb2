package dev.groundwork.runtime.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Matrix products of the forward pass, with the rows of the weight split across a fixed number of
 * threads. A weight of shape {@code [cols, rows]} (ggml order) is {@code rows} rows of {@code cols}
 * values; {@code out[r] = W[r] · x}.
 */
public final class MatMul implements AutoCloseable {

    /** Rows per task: enough work per task that scheduling costs nothing next to it. */
    private static final int MIN_ROWS_PER_TASK = 16;

    private final ForkJoinPool pool;
    private final int threads;

    public MatMul(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    public int threads() {
        return threads;
    }

    /**
     * {@code out[r] = W[r] · x} for {@code r < rows}. Q8_0, Q4_0, Q4_K and Q5_K weights multiply {@code x}
     * rounded to 8 bits, in integers, as llama.cpp does ({@link IntegerDot}); other formats multiply it
     * in float.
     */
    public void apply(Tensor w, int rows, int cols, float[] x, float[] out) {
        check(w, rows, cols);
        if (w instanceof IntegerDot integer) {
            Q8Activations rounded = Q8Activations.of(x, cols);
            parallel(rows, MIN_ROWS_PER_TASK, (from, to) -> {
                for (int r = from; r < to; r++) {
                    out[r] = integer.dot((long) r * cols, rounded, cols);
                }
            });
            return;
        }
        parallel(rows, MIN_ROWS_PER_TASK, (from, to) -> {
            for (int r = from; r < to; r++) {
                out[r] = w.dot((long) r * cols, x, 0, cols);
            }
        });
    }

    /**
     * {@code outs[b][r] = W[r] · xs[b]} for the first {@code batch} inputs: each weight is dequantized
     * once and multiplied with every input, so a prompt reads the weights once instead of once per
     * token. The inputs are first interleaved in groups of {@link Kernels#TOKEN_TILE} (value k of each
     * input side by side), and each group is multiplied with four dequantized rows at a time ({@link
     * Kernels#rowsTimesTokens}).
     */
    public void apply(Tensor w, int rows, int cols, float[][] xs, float[][] outs, int batch) {
        check(w, rows, cols);
        if (batch == 1) {
            apply(w, rows, cols, xs[0], outs[0]);
            return;
        }
        int group = Kernels.TOKEN_TILE;
        float[][] interleaved = new float[(batch + group - 1) / group][cols * group];
        parallel(interleaved.length, 1, (from, to) -> {
            for (int b = from * group; b < Math.min(batch, to * group); b++) {
                float[] x = xs[b];
                float[] target = interleaved[b / group];
                for (int k = 0, j = b % group; k < cols; k++, j += group) {
                    target[j] = x[k];
                }
            }
        });
        parallel(rows, MIN_ROWS_PER_TASK, (from, to) -> {
            float[][] row = new float[4][cols];
            float[] tile = new float[4 * group];
            int r = from;
            for (; r + 4 <= to; r += 4) {
                for (int i = 0; i < 4; i++) {
                    w.dequantizeVector((long) (r + i) * cols, row[i], 0, cols);
                }
                for (int g = 0; g < interleaved.length; g++) {
                    Kernels.rowsTimesTokens(row[0], row[1], row[2], row[3], interleaved[g], cols, tile);
                    for (int j = 0; j < group && g * group + j < batch; j++) {
                        float[] out = outs[g * group + j];
                        for (int i = 0; i < 4; i++) {
                            out[r + i] = tile[i * group + j];
                        }
                    }
                }
            }
            for (; r < to; r++) {
                w.dequantizeVector((long) r * cols, row[0], 0, cols);
                for (int b = 0; b < batch; b++) {
                    outs[b][r] = Kernels.dot(row[0], xs[b], cols);
                }
            }
        });
    }

    private static void check(Tensor w, int rows, int cols) {
        if ((long) rows * cols != w.size()) {
            throw new IllegalArgumentException("a %d x %d product needs %d weights; the tensor has %d"
                    .formatted(rows, cols, (long) rows * cols, w.size()));
        }
    }

    /** Work on the items {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void apply(int from, int to);
    }

    /** Runs {@code work} over {@code [0, count)} split across the threads, in parts of at least {@code grain} items. */
    public void parallel(int count, int grain, Range work) {
        if (pool == null || count < 2 * grain) {
            work.apply(0, count);
            return;
        }
        int tasks = Math.min(threads * 4, count / grain);
        int rows = count;
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                RecursiveAction[] parts = new RecursiveAction[tasks];
                for (int t = 0; t < tasks; t++) {
                    int from = (int) ((long) rows * t / tasks);
                    int to = (int) ((long) rows * (t + 1) / tasks);
                    parts[t] = new RecursiveAction() {
                        @Override
                        protected void compute() {
                            work.apply(from, to);
                        }
                    };
                }
                invokeAll(parts);
            }
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
