package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/** Blocks of 32 signed 8-bit values sharing one fp16 scale (ggml's {@code block_q8_0}). */
final class Q8_0Tensor extends Tensor implements IntegerDot {

    private static final int BLOCK_SIZE = 32;
    /** fp16 scale d. */
    private static final int SCALE = 0;
    /** 32 int8 quants q; value = q * d. */
    private static final int QUANTS = SCALE + 2;

    private static final int BLOCK_BYTES = QUANTS + BLOCK_SIZE;

    private static final ValueLayout.OfShort FLOAT16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    Q8_0Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    private float scale(long block) {
        return Float.float16ToFloat(data.get(FLOAT16, block + SCALE));
    }

    private int quant(long block, int k) {
        return data.get(ValueLayout.JAVA_BYTE, block + QUANTS + k);
    }

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = scale(block);
            for (int k = 0; k < BLOCK_SIZE; k++) {
                out[outOffset + i + k] = quant(block, k) * d;
            }
        }
    }

    @Override
    public void dequantizeVector(long start, float[] out, int outOffset, int n) {
        var floats = Vectors.FLOATS;
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = scale(block);
            for (int k = 0; k < BLOCK_SIZE; k += floats.length()) {
                Vectors.bytesToFloats(data, block + QUANTS + k).mul(d).intoArray(out, outOffset + i + k);
            }
        }
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        float sum = 0;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float blockSum = 0;
            for (int k = 0; k < BLOCK_SIZE; k++) {
                blockSum += quant(block, k) * x[xOffset + i + k];
            }
            sum += blockSum * scale(block);
        }
        return sum;
    }

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        var floats = Vectors.FLOATS;
        FloatVector sum = FloatVector.zero(floats);
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            // Σ q·x over the block first, scaled once: one multiply by d per block instead of per value.
            // The inner loop has a constant trip count (32 / lanes) and is unrolled by the JIT.
            FloatVector blockSum = FloatVector.zero(floats);
            for (int k = 0; k < BLOCK_SIZE; k += floats.length()) {
                blockSum = Vectors.bytesToFloats(data, block + QUANTS + k)
                        .fma(FloatVector.fromArray(floats, x, xOffset + i + k), blockSum);
            }
            sum = blockSum.fma(FloatVector.broadcast(floats, scale(block)), sum);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public float dotScalar(long start, Q8Activations x, int n) {
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        float sum = 0;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            int blockSum = 0;
            for (int k = 0; k < BLOCK_SIZE; k++) {
                blockSum += quant(block, k) * x.values[i + k];
            }
            sum += blockSum * (scale(block) * x.scales[i / BLOCK_SIZE]);
        }
        return sum;
    }

    @Override
    public float dot(long start, Q8Activations x, int n) {
        var floats = Vectors.PRODUCT_FLOATS;
        int lanes = Vectors.PRODUCTS.length();
        FloatVector sum = FloatVector.zero(floats);
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            // Two products per 16-bit lane (|q| <= 128, |x| <= 127: at most 32512), then adjacent lanes
            // summed into int lanes; one iteration with 256-bit vectors.
            IntVector blockSum = Vectors.pairSums(products(block, x, i, 0, lanes));
            for (int k = 2 * lanes; k < BLOCK_SIZE; k += 2 * lanes) {
                blockSum = blockSum.add(Vectors.pairSums(products(block, x, i, k, lanes)));
            }
            float scale = scale(block) * x.scales[i / BLOCK_SIZE];
            sum = Vectors.toFloats(blockSum).fma(FloatVector.broadcast(floats, scale), sum);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** Quants {@code k..k+lanes} times their activations, plus quants {@code k+lanes..k+2 lanes} times theirs. */
    private ShortVector products(long block, Q8Activations x, int i, int k, int lanes) {
        var shorts = Vectors.PRODUCTS;
        long quants = block + QUANTS + k;
        return Vectors.bytesToShorts(data, quants)
                .mul(ShortVector.fromArray(shorts, x.values, i + k))
                .add(Vectors.bytesToShorts(data, quants + lanes)
                        .mul(ShortVector.fromArray(shorts, x.values, i + k + lanes)));
    }
}
