package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_K with a fifth bit per value (ggml's {@code block_q5_K}): the same scales, mins and nibbles, so
 * Q4_K's scalar reference decodes it, adding 16 to each value whose bit is set.
 */
final class Q5KTensor extends Tensor {

    /** 32 bytes after the packed scales: bit j of byte l is the fifth bit of value l of sub-block j. */
    private static final int FIFTH_BITS = Q4KTensor.QUANTS;
    /** 128 bytes of nibbles, laid out as in Q4_K. */
    private static final int QUANTS = FIFTH_BITS + Q4KTensor.BLOCK_SIZE / 8;

    private static final int BLOCK_BYTES = QUANTS + Q4KTensor.BLOCK_SIZE / 2;

    private static final Q4KTensor.Layout LAYOUT = new Q4KTensor.Layout(BLOCK_BYTES, QUANTS, FIFTH_BITS);

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

    /**
     * Q4_K's kernel with the fifth bits added. Kept apart from it rather than behind a flag: C2
     * compiles each method within a node budget, and a kernel holding both variants went past it,
     * which left calls to small helpers in place and boxed the vectors they pass (32 KB allocated
     * per 4096-value row instead of none).
     */
    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        var floats = Vectors.FLOATS;
        int subBlock = Q4KTensor.SUB_BLOCK;
        FloatVector lows = FloatVector.zero(floats);
        FloatVector highs = lows;
        long block = start / Q4KTensor.BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += Q4KTensor.BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = Q4KTensor.float16(data, block + Q4KTensor.SCALE);
            float dmin = Q4KTensor.float16(data, block + Q4KTensor.MIN);
            long scales = Q4KTensor.subScales(data, block);
            long mins = Q4KTensor.subMins(data, block);
            for (int c = 0; c < Q4KTensor.BLOCK_SIZE / (2 * subBlock); c++) {
                FloatVector lowScale = FloatVector.broadcast(floats, d * Q4KTensor.sub(scales, 2 * c));
                FloatVector lowMin = FloatVector.broadcast(floats, -dmin * Q4KTensor.sub(mins, 2 * c));
                FloatVector highScale = FloatVector.broadcast(floats, d * Q4KTensor.sub(scales, 2 * c + 1));
                FloatVector highMin = FloatVector.broadcast(floats, -dmin * Q4KTensor.sub(mins, 2 * c + 1));
                long chunk = block + QUANTS + subBlock * c;
                int e = xOffset + i + 2 * subBlock * c;
                FloatVector low = FloatVector.zero(floats);
                FloatVector high = low;
                for (int l = 0; l < subBlock; l += floats.length()) {
                    IntVector q = Vectors.bytesToInts(data, chunk + l);
                    // Bits 2c and 2c + 1 of the fifth-bit bytes, moved to bit 4 (value 16).
                    IntVector h =
                            Vectors.bytesToInts(data, block + FIFTH_BITS + l).lanewise(VectorOperators.LSHR, 2 * c);
                    low = Vectors.toFloats(q.and(0xF)
                                    .or(h.lanewise(VectorOperators.LSHL, 4).and(16)))
                            .fma(lowScale, lowMin)
                            .fma(FloatVector.fromArray(floats, x, e + l), low);
                    high = Vectors.toFloats(q.lanewise(VectorOperators.ASHR, 4)
                                    .and(0xF)
                                    .or(h.lanewise(VectorOperators.LSHL, 3).and(16)))
                            .fma(highScale, highMin)
                            .fma(FloatVector.fromArray(floats, x, e + l + subBlock), high);
                }
                lows = lows.add(low);
                highs = highs.add(high);
            }
        }
        return lows.add(highs).reduceLanes(VectorOperators.ADD);
    }
}
