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

/**
 * Super-blocks of 256 unsigned 4-bit values in 8 sub-blocks of 32, each with its own 6-bit scale and
 * min (ggml's {@code block_q4_K}); its scalar reference and scale unpacking also serve Q5_K, which adds
 * a fifth bit per value.
 */
final class Q4KTensor extends Tensor implements IntegerDot {

    static final int BLOCK_SIZE = 256;
    static final int SUB_BLOCK = 32;
    /** fp16 super-block scale d: a sub-block's scale is d * its 6-bit scale. */
    static final int SCALE = 0;
    /** fp16 super-block min dmin: a sub-block's min is dmin * its 6-bit min. */
    static final int MIN = SCALE + 2;
    /** 12 bytes: 8 six-bit scales and 8 six-bit mins, packed as {@code get_scale_min_k4} reads them. */
    private static final int SUB_SCALES = MIN + 2;
    /**
     * 128 bytes in 4 chunks of 32; chunk c holds sub-block 2c in its low nibbles and 2c + 1 in its high.
     * value = sub-block scale * q - sub-block min.
     */
    static final int QUANTS = SUB_SCALES + 12;

    /** Where a super-block keeps its quants and, for Q5_K, its 32 bytes of fifth bits (-1: none). */
    record Layout(int blockBytes, int quants, int fifthBits) {}

    private static final int BLOCK_BYTES = QUANTS + BLOCK_SIZE / 2;
    private static final Layout LAYOUT = new Layout(BLOCK_BYTES, QUANTS, -1);

    private static final ValueLayout.OfShort FLOAT16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LITTLE_ENDIAN);

    Q4KTensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        dequantize(data, LAYOUT, start, out, outOffset, n);
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        return dotScalar(data, LAYOUT, start, x, xOffset, n);
    }

    static float float16(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(FLOAT16, offset));
    }

    private static int byteAt(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    /**
     * The 8 six-bit sub-block scales of the super-block at {@code block}, one a byte (sub-block j in
     * byte j), unpacked from the 12 bytes that {@code get_scale_min_k4} reads, as ggml's AVX2 kernel
     * does: sub-blocks 0..3 are the low 6 bits of bytes 0..3; 4..7 the low nibbles of bytes 8..11 with
     * the top 2 bits of bytes 0..3 above them.
     */
    static long subScales(MemorySegment data, long block) {
        int bytes0to3 = data.get(INT, block + SUB_SCALES);
        int bytes8to11 = data.get(INT, block + SUB_SCALES + 8);
        int low = bytes0to3 & 0x3F3F3F3F;
        int high = bytes8to11 & 0x0F0F0F0F | (bytes0to3 >>> 6 & 0x03030303) << 4;
        return low & 0xFFFFFFFFL | (long) high << 32;
    }

    /**
     * The 8 six-bit sub-block mins, as {@link #subScales}: sub-blocks 0..3 are the low 6 bits of bytes
     * 4..7; 4..7 the high nibbles of bytes 8..11 with the top 2 bits of bytes 4..7 above them.
     */
    static long subMins(MemorySegment data, long block) {
        int bytes4to7 = data.get(INT, block + SUB_SCALES + 4);
        int bytes8to11 = data.get(INT, block + SUB_SCALES + 8);
        int low = bytes4to7 & 0x3F3F3F3F;
        int high = bytes8to11 >>> 4 & 0x0F0F0F0F | (bytes4to7 >>> 6 & 0x03030303) << 4;
        return low & 0xFFFFFFFFL | (long) high << 32;
    }

    /** Byte {@code j} of {@code packed}: sub-block j's scale or min from {@link #subScales}, {@link #subMins}. */
    static int sub(long packed, int j) {
        return (int) (packed >>> 8 * j) & 0xFF;
    }

    /** The quant of value {@code l} of sub-block {@code j}: a nibble plus, with fifth bits, 16 or 0. */
    private static int quant(MemorySegment data, Layout layout, long block, int j, int l) {
        int packed = byteAt(data, block + layout.quants() + SUB_BLOCK * (j / 2) + l);
        int q = j % 2 == 0 ? packed & 0xF : packed >> 4;
        if (layout.fifthBits() >= 0) {
            // Byte l of the fifth bits holds bit j for sub-block j.
            q |= (byteAt(data, block + layout.fifthBits() + l) >> j & 1) << 4;
        }
        return q;
    }

    static void dequantize(MemorySegment data, Layout layout, long start, float[] out, int outOffset, int n) {
        long block = start / BLOCK_SIZE * layout.blockBytes();
        for (int i = 0; i < n; i += BLOCK_SIZE, block += layout.blockBytes()) {
            float d = float16(data, block + SCALE);
            float dmin = float16(data, block + MIN);
            long scales = subScales(data, block);
            long mins = subMins(data, block);
            for (int j = 0; j < BLOCK_SIZE / SUB_BLOCK; j++) {
                float scale = d * sub(scales, j);
                float min = dmin * sub(mins, j);
                for (int l = 0; l < SUB_BLOCK; l++) {
                    out[outOffset + i + SUB_BLOCK * j + l] = scale * quant(data, layout, block, j, l) - min;
                }
            }
        }
    }

    static float dotScalar(MemorySegment data, Layout layout, long start, float[] x, int xOffset, int n) {
        long block = start / BLOCK_SIZE * layout.blockBytes();
        float sum = 0;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += layout.blockBytes()) {
            float d = float16(data, block + SCALE);
            float dmin = float16(data, block + MIN);
            long scales = subScales(data, block);
            long mins = subMins(data, block);
            for (int j = 0; j < BLOCK_SIZE / SUB_BLOCK; j++) {
                // Σ (scale q - min) x = scale Σ q x - min Σ x
                float qx = 0;
                float xs = 0;
                for (int l = 0; l < SUB_BLOCK; l++) {
                    float value = x[xOffset + i + SUB_BLOCK * j + l];
                    qx += quant(data, layout, block, j, l) * value;
                    xs += value;
                }
                sum += d * sub(scales, j) * qx - dmin * sub(mins, j) * xs;
            }
        }
        return sum;
    }

    @Override
    public float dotScalar(long start, Q8Activations x, int n) {
        return dotScalar(data, LAYOUT, start, x, n);
    }

    /**
     * Σ over sub-blocks j of {@code d scale_j dx Σ q qx - dmin min_j dx Σ qx}, {@code dx} the scale of
     * the activations' block that sub-block j meets: the scalar reference of the Q4_K and Q5_K integer
     * kernels.
     */
    static float dotScalar(MemorySegment data, Layout layout, long start, Q8Activations x, int n) {
        long block = start / BLOCK_SIZE * layout.blockBytes();
        float sum = 0;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += layout.blockBytes()) {
            float d = float16(data, block + SCALE);
            float dmin = float16(data, block + MIN);
            long scales = subScales(data, block);
            long mins = subMins(data, block);
            for (int j = 0; j < BLOCK_SIZE / SUB_BLOCK; j++) {
                int first = i + SUB_BLOCK * j;
                int qx = 0;
                for (int l = 0; l < SUB_BLOCK; l++) {
                    qx += quant(data, layout, block, j, l) * x.values[first + l];
                }
                float dx = x.scales[first / SUB_BLOCK];
                sum += d * sub(scales, j) * dx * qx - dmin * sub(mins, j) * dx * x.sums[first / SUB_BLOCK];
            }
        }
        return sum;
    }

    /**
     * The integer kernel. A super-block's eight sub-block scales (times their activations' scales) and
     * its min terms are computed first, in lanes ({@link SubBlockScales}); the min terms add up in a
     * vector summed once at the end. The loop over its four chunks then does vector work only, with
     * constant shifts. Helpers are written out: a first version with helper calls ran three times
     * slower, likely for the reason recorded at {@link Q5KTensor#dot(long, float[], int, int)}.
     */
    @Override
    public float dot(long start, Q8Activations x, int n) {
        var bytes = Vectors.PRODUCT_BYTES;
        var shorts = Vectors.PRODUCTS;
        var floats = Vectors.PRODUCT_FLOATS;
        int lanes = shorts.length();
        FloatVector sum = FloatVector.zero(floats);
        FloatVector mins = sum;
        SubBlockScales scales = new SubBlockScales();
        long first = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int b = 0; b < n / BLOCK_SIZE; b++) {
            long block = first + (long) b * BLOCK_BYTES;
            int i = b * BLOCK_SIZE;
            scales.read(data, block, x, i / SUB_BLOCK);
            for (int j = 0; j < scales.mins.length; j += floats.length()) {
                mins = mins.add(FloatVector.fromArray(floats, scales.mins, j));
            }
            // Chunk c: 32 bytes whose low nibbles are sub-block 2c and high nibbles sub-block 2c + 1. A
            // 16-bit lane sums two products of a nibble and an activation (at most 2 * 15 * 127), so
            // two lanes sum to less than 2^15; the l loop runs once with 256-bit vectors.
            for (int c = 0; c < BLOCK_SIZE / (2 * SUB_BLOCK); c++) {
                long chunk = block + QUANTS + SUB_BLOCK * c;
                int e = i + 2 * SUB_BLOCK * c;
                IntVector low = IntVector.zero(Vectors.PRODUCT_INTS);
                IntVector high = low;
                for (int l = 0; l < SUB_BLOCK; l += 2 * lanes) {
                    ShortVector q0 = (ShortVector) ByteVector.fromMemorySegment(bytes, data, chunk + l, LITTLE_ENDIAN)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, shorts, 0);
                    ShortVector q1 =
                            (ShortVector) ByteVector.fromMemorySegment(bytes, data, chunk + l + lanes, LITTLE_ENDIAN)
                                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, shorts, 0);
                    IntVector lowPairs = q0.and((short) 0xF)
                            .mul(ShortVector.fromArray(shorts, x.values, e + l))
                            .add(q1.and((short) 0xF).mul(ShortVector.fromArray(shorts, x.values, e + l + lanes)))
                            .reinterpretAsInts();
                    IntVector highPairs = q0.lanewise(VectorOperators.LSHR, 4)
                            .mul(ShortVector.fromArray(shorts, x.values, e + SUB_BLOCK + l))
                            .add(q1.lanewise(VectorOperators.LSHR, 4)
                                    .mul(ShortVector.fromArray(shorts, x.values, e + SUB_BLOCK + l + lanes)))
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

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        var floats = Vectors.FLOATS;
        FloatVector lows = FloatVector.zero(floats);
        FloatVector highs = lows;
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = float16(data, block + SCALE);
            float dmin = float16(data, block + MIN);
            long scales = subScales(data, block);
            long mins = subMins(data, block);
            // Chunk c: 32 bytes whose low nibbles are sub-block 2c and high nibbles sub-block 2c + 1.
            for (int c = 0; c < BLOCK_SIZE / (2 * SUB_BLOCK); c++) {
                FloatVector lowScale = FloatVector.broadcast(floats, d * sub(scales, 2 * c));
                FloatVector lowMin = FloatVector.broadcast(floats, -dmin * sub(mins, 2 * c));
                FloatVector highScale = FloatVector.broadcast(floats, d * sub(scales, 2 * c + 1));
                FloatVector highMin = FloatVector.broadcast(floats, -dmin * sub(mins, 2 * c + 1));
                long chunk = block + QUANTS + SUB_BLOCK * c;
                int e = xOffset + i + 2 * SUB_BLOCK * c;
                // Values dequantized in registers (scale q - min: one fma) and multiplied with x into
                // sums per chunk, so that chains of dependent fmas stay short.
                FloatVector low = FloatVector.zero(floats);
                FloatVector high = low;
                for (int l = 0; l < SUB_BLOCK; l += floats.length()) {
                    IntVector q = ((IntVector) (Vectors.MASKED_BYTES
                                    ? ByteVector.fromMemorySegment(
                                            Vectors.BYTES, data, chunk + l, LITTLE_ENDIAN, Vectors.FLOAT_LANES)
                                    : ByteVector.fromMemorySegment(Vectors.BYTES, data, chunk + l, LITTLE_ENDIAN))
                            .convertShape(VectorOperators.B2I, Vectors.INTS, 0));
                    low = ((FloatVector) q.and(0xF).convert(VectorOperators.I2F, 0))
                            .fma(lowScale, lowMin)
                            .fma(FloatVector.fromArray(floats, x, e + l), low);
                    high = ((FloatVector)
                                    q.lanewise(VectorOperators.ASHR, 4).and(0xF).convert(VectorOperators.I2F, 0))
                            .fma(highScale, highMin)
                            .fma(FloatVector.fromArray(floats, x, e + l + SUB_BLOCK), high);
                }
                lows = lows.add(low);
                highs = highs.add(high);
            }
        }
        return lows.add(highs).reduceLanes(VectorOperators.ADD);
    }
}
