package dev.groundwork.runtime.tensor;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
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

    private static final ValueLayout.OfShort FLOAT16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LITTLE_ENDIAN);

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
                ((FloatVector) (Vectors.MASKED_BYTES
                                        ? ByteVector.fromMemorySegment(
                                                Vectors.BYTES,
                                                data,
                                                block + QUANTS + k,
                                                LITTLE_ENDIAN,
                                                Vectors.FLOAT_LANES)
                                        : ByteVector.fromMemorySegment(
                                                Vectors.BYTES, data, block + QUANTS + k, LITTLE_ENDIAN))
                                .convertShape(VectorOperators.B2F, Vectors.FLOATS, 0))
                        .mul(d)
                        .intoArray(out, outOffset + i + k);
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
                blockSum = ((FloatVector) (Vectors.MASKED_BYTES
                                        ? ByteVector.fromMemorySegment(
                                                Vectors.BYTES,
                                                data,
                                                block + QUANTS + k,
                                                LITTLE_ENDIAN,
                                                Vectors.FLOAT_LANES)
                                        : ByteVector.fromMemorySegment(
                                                Vectors.BYTES, data, block + QUANTS + k, LITTLE_ENDIAN))
                                .convertShape(VectorOperators.B2F, Vectors.FLOATS, 0))
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
        var bytes = Vectors.PRODUCT_BYTES;
        var shorts = Vectors.PRODUCTS;
        var floats = Vectors.PRODUCT_FLOATS;
        int lanes = shorts.length();
        FloatVector sum = FloatVector.zero(floats);
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            // Two products per 16-bit lane (|q| <= 128, |x| <= 127: at most 32512), then adjacent lanes
            // summed into int lanes, the low one sign-extended. The first step is written before the
            // loop (which then runs no more with 256-bit vectors): starting the sum from zero inside
            // the loop instead ran 0.6 times as fast.
            long quants = block + QUANTS;
            IntVector pairs = ((ShortVector) ByteVector.fromMemorySegment(bytes, data, quants, LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2S, shorts, 0))
                    .mul(ShortVector.fromArray(shorts, x.values, i))
                    .add(((ShortVector) ByteVector.fromMemorySegment(bytes, data, quants + lanes, LITTLE_ENDIAN)
                                    .convertShape(VectorOperators.B2S, shorts, 0))
                            .mul(ShortVector.fromArray(shorts, x.values, i + lanes)))
                    .reinterpretAsInts();
            IntVector blockSum = pairs.lanewise(VectorOperators.LSHL, 16)
                    .lanewise(VectorOperators.ASHR, 16)
                    .add(pairs.lanewise(VectorOperators.ASHR, 16));
            for (int k = 2 * lanes; k < BLOCK_SIZE; k += 2 * lanes) {
                quants = block + QUANTS + k;
                pairs = ((ShortVector) ByteVector.fromMemorySegment(bytes, data, quants, LITTLE_ENDIAN)
                                .convertShape(VectorOperators.B2S, shorts, 0))
                        .mul(ShortVector.fromArray(shorts, x.values, i + k))
                        .add(((ShortVector) ByteVector.fromMemorySegment(bytes, data, quants + lanes, LITTLE_ENDIAN)
                                        .convertShape(VectorOperators.B2S, shorts, 0))
                                .mul(ShortVector.fromArray(shorts, x.values, i + k + lanes)))
                        .reinterpretAsInts();
                blockSum = blockSum.add(pairs.lanewise(VectorOperators.LSHL, 16)
                        .lanewise(VectorOperators.ASHR, 16)
                        .add(pairs.lanewise(VectorOperators.ASHR, 16)));
            }
            float scale = scale(block) * x.scales[i / BLOCK_SIZE];
            sum = ((FloatVector) blockSum.convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.broadcast(floats, scale), sum);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
