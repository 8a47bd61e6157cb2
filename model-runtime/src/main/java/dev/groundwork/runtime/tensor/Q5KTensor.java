package dev.groundwork.runtime.tensor;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q4_K with a fifth bit per value (ggml's {@code block_q5_K}): the same scales, mins and nibbles, so
 * Q4_K's scalar reference decodes it, adding 16 to each value whose bit is set.
 */
final class Q5KTensor extends Tensor implements IntegerDot {

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

    @Override
    public float dotScalar(long start, Q8Activations x, int n) {
        return Q4KTensor.dotScalar(data, LAYOUT, start, x, n);
    }

    /**
     * Q4_K's integer kernel with the fifth bits added: values up to 31, so a 16-bit lane sums two
     * products of at most 31 * 127 and two lanes stay below 2^15.
     */
    @Override
    public float dot(long start, Q8Activations x, int n) {
        var bytes = Vectors.PRODUCT_BYTES;
        var shorts = Vectors.PRODUCTS;
        var floats = Vectors.PRODUCT_FLOATS;
        int lanes = shorts.length();
        int subBlock = Q4KTensor.SUB_BLOCK;
        FloatVector sum = FloatVector.zero(floats);
        FloatVector mins = sum;
        SubBlockScales scales = new SubBlockScales();
        long first = start / Q4KTensor.BLOCK_SIZE * BLOCK_BYTES;
        for (int b = 0; b < n / Q4KTensor.BLOCK_SIZE; b++) {
            long block = first + (long) b * BLOCK_BYTES;
            int i = b * Q4KTensor.BLOCK_SIZE;
            scales.read(data, block, x, i / subBlock);
            for (int j = 0; j < scales.mins.length; j += floats.length()) {
                mins = mins.add(FloatVector.fromArray(floats, scales.mins, j));
            }
            for (int c = 0; c < Q4KTensor.BLOCK_SIZE / (2 * subBlock); c++) {
                long chunk = block + QUANTS + subBlock * c;
                int e = i + 2 * subBlock * c;
                IntVector low = IntVector.zero(Vectors.PRODUCT_INTS);
                IntVector high = low;
                for (int l = 0; l < subBlock; l += 2 * lanes) {
                    ShortVector q0 = (ShortVector) ByteVector.fromMemorySegment(bytes, data, chunk + l, LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, shorts, 0);
                    ShortVector q1 =
                            (ShortVector) ByteVector.fromMemorySegment(bytes, data, chunk + l + lanes, LITTLE_ENDIAN)
                                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, shorts, 0);
                    // Bits 2c and 2c + 1 of the fifth-bit bytes, at bits 4 and 5.
                    ShortVector h0 = ((ShortVector)
                                    ByteVector.fromMemorySegment(bytes, data, block + FIFTH_BITS + l, LITTLE_ENDIAN)
                                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, shorts, 0))
                            .lanewise(VectorOperators.LSHL, 4)
                            .lanewise(VectorOperators.LSHR, 2 * c);
                    ShortVector h1 = ((ShortVector) ByteVector.fromMemorySegment(
                                            bytes, data, block + FIFTH_BITS + l + lanes, LITTLE_ENDIAN)
                                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, shorts, 0))
                            .lanewise(VectorOperators.LSHL, 4)
                            .lanewise(VectorOperators.LSHR, 2 * c);
                    IntVector lowPairs = q0.and((short) 0xF)
                            .or(h0.and((short) 16))
                            .mul(ShortVector.fromArray(shorts, x.values, e + l))
                            .add(q1.and((short) 0xF)
                                    .or(h1.and((short) 16))
                                    .mul(ShortVector.fromArray(shorts, x.values, e + l + lanes)))
                            .reinterpretAsInts();
                    IntVector highPairs = q0.lanewise(VectorOperators.LSHR, 4)
                            .or(h0.lanewise(VectorOperators.LSHR, 1).and((short) 16))
                            .mul(ShortVector.fromArray(shorts, x.values, e + subBlock + l))
                            .add(q1.lanewise(VectorOperators.LSHR, 4)
                                    .or(h1.lanewise(VectorOperators.LSHR, 1).and((short) 16))
                                    .mul(ShortVector.fromArray(shorts, x.values, e + subBlock + l + lanes)))
                            .reinterpretAsInts();
                    low = low.add(lowPairs.add(lowPairs.lanewise(VectorOperators.LSHL, 16))
                            .lanewise(VectorOperators.ASHR, 16));
                    high = high.add(highPairs
                            .add(highPairs.lanewise(VectorOperators.LSHL, 16))
                            .lanewise(VectorOperators.ASHR, 16));
                }
                sum = ((FloatVector) low.convert(VectorOperators.I2F, 0))
                        .fma(FloatVector.broadcast(floats, scales.scales[2 * c]), sum);
                sum = ((FloatVector) high.convert(VectorOperators.I2F, 0))
                        .fma(FloatVector.broadcast(floats, scales.scales[2 * c + 1]), sum);
            }
        }
        return sum.sub(mins).reduceLanes(VectorOperators.ADD);
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
                    IntVector q = ((IntVector) (Vectors.MASKED_BYTES
                                    ? ByteVector.fromMemorySegment(
                                            Vectors.BYTES, data, chunk + l, LITTLE_ENDIAN, Vectors.FLOAT_LANES)
                                    : ByteVector.fromMemorySegment(Vectors.BYTES, data, chunk + l, LITTLE_ENDIAN))
                            .convertShape(VectorOperators.B2I, Vectors.INTS, 0));
                    // Bits 2c and 2c + 1 of the fifth-bit bytes, moved to bit 4 (value 16).
                    IntVector h = ((IntVector) (Vectors.MASKED_BYTES
                                            ? ByteVector.fromMemorySegment(
                                                    Vectors.BYTES,
                                                    data,
                                                    block + FIFTH_BITS + l,
                                                    LITTLE_ENDIAN,
                                                    Vectors.FLOAT_LANES)
                                            : ByteVector.fromMemorySegment(
                                                    Vectors.BYTES, data, block + FIFTH_BITS + l, LITTLE_ENDIAN))
                                    .convertShape(VectorOperators.B2I, Vectors.INTS, 0))
                            .lanewise(VectorOperators.LSHR, 2 * c);
                    low = ((FloatVector) q.and(0xF)
                                    .or(h.lanewise(VectorOperators.LSHL, 4).and(16))
                                    .convert(VectorOperators.I2F, 0))
                            .fma(lowScale, lowMin)
                            .fma(FloatVector.fromArray(floats, x, e + l), low);
                    high = ((FloatVector) q.lanewise(VectorOperators.ASHR, 4)
                                    .and(0xF)
                                    .or(h.lanewise(VectorOperators.LSHL, 3).and(16))
                                    .convert(VectorOperators.I2F, 0))
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
