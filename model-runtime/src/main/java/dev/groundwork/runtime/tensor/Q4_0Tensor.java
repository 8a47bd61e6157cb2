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

/** Blocks of 32 unsigned 4-bit values, offset by 8, sharing one fp16 scale (ggml's {@code block_q4_0}). */
final class Q4_0Tensor extends Tensor implements IntegerDot {

    private static final int BLOCK_SIZE = 32;
    /** fp16 scale d. */
    private static final int SCALE = 0;
    /** 16 bytes: byte k holds value k in its low nibble and value k + 16 in its high; value = (q - 8) * d. */
    private static final int QUANTS = SCALE + 2;

    private static final int HALF = BLOCK_SIZE / 2;
    private static final int BLOCK_BYTES = QUANTS + HALF;

    private static final ValueLayout.OfShort FLOAT16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LITTLE_ENDIAN);

    Q4_0Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    private float scale(long block) {
        return Float.float16ToFloat(data.get(FLOAT16, block + SCALE));
    }

    private int packed(long block, int k) {
        return data.get(ValueLayout.JAVA_BYTE, block + QUANTS + k) & 0xFF;
    }

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = scale(block);
            for (int k = 0; k < HALF; k++) {
                int q = packed(block, k);
                out[outOffset + i + k] = ((q & 0xF) - 8) * d;
                out[outOffset + i + k + HALF] = ((q >> 4) - 8) * d;
            }
        }
    }

    @Override
    public void dequantizeVector(long start, float[] out, int outOffset, int n) {
        var floats = Vectors.FLOATS;
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = scale(block);
            for (int k = 0; k < HALF; k += floats.length()) {
                IntVector packed = ((IntVector) (Vectors.MASKED_BYTES
                                ? ByteVector.fromMemorySegment(
                                        Vectors.BYTES, data, block + QUANTS + k, LITTLE_ENDIAN, Vectors.FLOAT_LANES)
                                : ByteVector.fromMemorySegment(Vectors.BYTES, data, block + QUANTS + k, LITTLE_ENDIAN))
                        .convertShape(VectorOperators.B2I, Vectors.INTS, 0));
                ((FloatVector) packed.and(0xF).sub(8).convert(VectorOperators.I2F, 0))
                        .mul(d)
                        .intoArray(out, outOffset + i + k);
                ((FloatVector) packed.lanewise(VectorOperators.ASHR, 4)
                                .and(0xF)
                                .sub(8)
                                .convert(VectorOperators.I2F, 0))
                        .mul(d)
                        .intoArray(out, outOffset + i + k + HALF);
            }
        }
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        float sum = 0;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float blockSum = 0;
            for (int k = 0; k < HALF; k++) {
                int q = packed(block, k);
                blockSum += ((q & 0xF) - 8) * x[xOffset + i + k] + ((q >> 4) - 8) * x[xOffset + i + k + HALF];
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
            // As Q8_0: Σ (q - 8)·x over the block, scaled once; the constant-count loop is unrolled by
            // the JIT. Nibbles are split in int lanes, where AVX2 has shifts (it has none for bytes).
            FloatVector blockSum = FloatVector.zero(floats);
            for (int k = 0; k < HALF; k += floats.length()) {
                IntVector q = ((IntVector) (Vectors.MASKED_BYTES
                                ? ByteVector.fromMemorySegment(
                                        Vectors.BYTES, data, block + QUANTS + k, LITTLE_ENDIAN, Vectors.FLOAT_LANES)
                                : ByteVector.fromMemorySegment(Vectors.BYTES, data, block + QUANTS + k, LITTLE_ENDIAN))
                        .convertShape(VectorOperators.B2I, Vectors.INTS, 0));
                FloatVector low = (FloatVector) q.and(0xF).sub(8).convert(VectorOperators.I2F, 0);
                FloatVector high = (FloatVector)
                        q.lanewise(VectorOperators.ASHR, 4).and(0xF).sub(8).convert(VectorOperators.I2F, 0);
                int e = xOffset + i + k;
                blockSum = low.fma(FloatVector.fromArray(floats, x, e), blockSum);
                blockSum = high.fma(FloatVector.fromArray(floats, x, e + HALF), blockSum);
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
            for (int k = 0; k < HALF; k++) {
                int q = packed(block, k);
                blockSum += ((q & 0xF) - 8) * x.values[i + k] + ((q >> 4) - 8) * x.values[i + k + HALF];
            }
            sum += blockSum * (scale(block) * x.scales[i / BLOCK_SIZE]);
        }
        return sum;
    }

    @Override
    public float dot(long start, Q8Activations x, int n) {
        var shorts = Vectors.PRODUCTS;
        var ints = Vectors.PRODUCT_INTS;
        var floats = Vectors.PRODUCT_FLOATS;
        FloatVector sum = FloatVector.zero(floats);
        long first = start / BLOCK_SIZE * BLOCK_BYTES;
        // One iteration per block, its offset computed from the int counter: so the JIT can prove the
        // reads in bounds once, drop the per-read checks and unroll (1.14 to 1.25 times as fast as
        // stepping a second, long offset alongside).
        for (int b = 0; b < n / BLOCK_SIZE; b++) {
            long block = first + (long) b * BLOCK_BYTES;
            int i = b * BLOCK_SIZE;
            // The nibbles unsigned (0..15), each 16-bit lane summing a low one's product and its high
            // partner's: at most 2 * 15 * 127, so two lanes sum to less than 2^15. The block's sum
            // starts from -8 Σ x for the nibbles' offset.
            IntVector blockSum = IntVector.fromArray(ints, x.offsetSums, b * ints.length());
            for (int k = 0; k < HALF; k += shorts.length()) {
                ShortVector q = ((ShortVector)
                        ByteVector.fromMemorySegment(Vectors.PRODUCT_BYTES, data, block + QUANTS + k, LITTLE_ENDIAN)
                                .convertShape(VectorOperators.ZERO_EXTEND_B2S, Vectors.PRODUCTS, 0));
                ShortVector products = q.and((short) 0xF)
                        .mul(ShortVector.fromArray(shorts, x.values, i + k))
                        .add(q.lanewise(VectorOperators.LSHR, 4)
                                .mul(ShortVector.fromArray(shorts, x.values, i + k + HALF)));
                // Lane pairs summed into ints: hi:lo plus itself shifted left by 16 has hi + lo in
                // its upper half (no overflow: |hi + lo| < 2^15), brought down with its sign.
                IntVector pairs = products.reinterpretAsInts();
                blockSum = blockSum.add(
                        pairs.add(pairs.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16));
            }
            float scale = scale(block) * x.scales[b];
            sum = ((FloatVector) blockSum.convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.broadcast(floats, scale), sum);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
