package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;

/**
 * Q4_K with a fifth bit per value (ggml's {@code block_q5_K}): the same scales, mins and nibbles, so
 * the Q4_K kernels decode it, adding 16 to each value whose bit is set.
 */
final class Q5KTensor extends Tensor {

    /** 32 bytes after the packed scales: bit j of byte l is the fifth bit of value l of sub-block j. */
    private static final int FIFTH_BITS = Q4KTensor.QUANTS;
    /** 128 bytes of nibbles, laid out as in Q4_K. */
    private static final int QUANTS = FIFTH_BITS + Q4KTensor.BLOCK_SIZE / 8;

    private static final Q4KTensor.Layout LAYOUT =
            new Q4KTensor.Layout(QUANTS + Q4KTensor.BLOCK_SIZE / 2, QUANTS, FIFTH_BITS);

    Q5KTensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
    }

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        Q4KTensor.dequantize(data, LAYOUT, start, out, outOffset, n);
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        return Q4KTensor.dotScalar(data, LAYOUT, start, x, xOffset, n);
    }

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        return Q4KTensor.dot(data, LAYOUT, start, x, xOffset, n);
    }
}
