package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Super-blocks of 256 unsigned 4-bit values in 8 sub-blocks of 32, each with its own 6-bit scale and
 * min (ggml's {@code block_q4_K}); the kernels here also serve Q5_K, which adds a fifth bit per value.
 */
final class Q4KTensor extends Tensor {

    static final int BLOCK_SIZE = 256;
    private static final int SUB_BLOCK = 32;
    /** fp16 super-block scale d: a sub-block's scale is d * its 6-bit scale. */
    private static final int SCALE = 0;
    /** fp16 super-block min dmin: a sub-block's min is dmin * its 6-bit min. */
    private static final int MIN = SCALE + 2;
    /** 12 bytes: 8 six-bit scales and 8 six-bit mins, packed as {@code get_scale_min_k4} reads them. */
    private static final int SUB_SCALES = MIN + 2;
    /**
     * 128 bytes in 4 chunks of 32; chunk c holds sub-block 2c in its low nibbles and 2c + 1 in its high.
     * value = sub-block scale * q - sub-block min.
     */
    static final int QUANTS = SUB_SCALES + 12;

    /** Where a super-block keeps its quants and, for Q5_K, its 32 bytes of fifth bits (-1: none). */
    record Layout(int blockBytes, int quants, int fifthBits) {}

    private static final Layout LAYOUT = new Layout(QUANTS + BLOCK_SIZE / 2, QUANTS, -1);

    private static final ValueLayout.OfShort FLOAT16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

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

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        return dot(data, LAYOUT, start, x, xOffset, n);
    }

    private static float float16(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(FLOAT16, offset));
    }

    private static int byteAt(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    /** The 6-bit scale of sub-block {@code j}: ggml's {@code get_scale_min_k4}. */
    private static int subScale(MemorySegment data, long block, int j) {
        long packed = block + SUB_SCALES;
        if (j < 4) {
            return byteAt(data, packed + j) & 63;
        }
        // Sub-blocks 4..7 keep their low 4 bits in bytes 8..11 and their top 2 bits above the 6-bit
        // scales of sub-blocks 0..3.
        return (byteAt(data, packed + j + 4) & 0xF) | (byteAt(data, packed + j - 4) >> 6) << 4;
    }

    /** The 6-bit min of sub-block {@code j}: ggml's {@code get_scale_min_k4}. */
    private static int subMin(MemorySegment data, long block, int j) {
        long packed = block + SUB_SCALES;
        if (j < 4) {
            return byteAt(data, packed + j + 4) & 63;
        }
        return (byteAt(data, packed + j + 4) >> 4) | (byteAt(data, packed + j) >> 6) << 4;
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
            for (int j = 0; j < BLOCK_SIZE / SUB_BLOCK; j++) {
                float scale = d * subScale(data, block, j);
                float min = dmin * subMin(data, block, j);
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
            for (int j = 0; j < BLOCK_SIZE / SUB_BLOCK; j++) {
                // Σ (scale q - min) x = scale Σ q x - min Σ x
                float qx = 0;
                float xs = 0;
                for (int l = 0; l < SUB_BLOCK; l++) {
                    float value = x[xOffset + i + SUB_BLOCK * j + l];
                    qx += quant(data, layout, block, j, l) * value;
                    xs += value;
                }
                sum += d * subScale(data, block, j) * qx - dmin * subMin(data, block, j) * xs;
            }
        }
        return sum;
    }

    static float dot(MemorySegment data, Layout layout, long start, float[] x, int xOffset, int n) {
        var floats = Vectors.FLOATS;
        var bytes = Vectors.BYTES;
        int blockBytes = layout.blockBytes();
        int quants = layout.quants();
        int fifthBits = layout.fifthBits();
        // Σ (scale q - min) x = scale Σ q x - min Σ x per sub-block: the scaled and the min terms go to
        // two accumulators, which also halves the chain of dependent fmas across sub-blocks.
        FloatVector scaled = FloatVector.zero(floats);
        FloatVector mins = FloatVector.zero(floats);
        long block = start / BLOCK_SIZE * blockBytes;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += blockBytes) {
            float d = float16(data, block + SCALE);
            float dmin = float16(data, block + MIN);
            // Chunk c: 32 bytes whose low nibbles are sub-block 2c and high nibbles sub-block 2c + 1.
            for (int c = 0; c < BLOCK_SIZE / (2 * SUB_BLOCK); c++) {
                FloatVector lowQx = FloatVector.zero(floats);
                FloatVector highQx = FloatVector.zero(floats);
                FloatVector lowX = FloatVector.zero(floats);
                FloatVector highX = FloatVector.zero(floats);
                for (int l = 0; l < SUB_BLOCK; l += bytes.length()) {
                    ByteVector packed = ByteVector.fromMemorySegment(
                            bytes, data, block + quants + SUB_BLOCK * c + l, ByteOrder.LITTLE_ENDIAN);
                    for (int part = 0; part < Vectors.PARTS; part++) {
                        IntVector q = (IntVector) packed.convertShape(VectorOperators.B2I, Vectors.INTS, part);
                        IntVector low = q.and(0xF);
                        IntVector high = q.lanewise(VectorOperators.ASHR, 4).and(0xF);
                        if (fifthBits >= 0) {
                            IntVector h = (IntVector) ByteVector.fromMemorySegment(
                                            bytes, data, block + fifthBits + l, ByteOrder.LITTLE_ENDIAN)
                                    .convertShape(VectorOperators.B2I, Vectors.INTS, part);
                            low = low.or(h.lanewise(VectorOperators.LSHR, 2 * c)
                                    .and(1)
                                    .lanewise(VectorOperators.LSHL, 4));
                            high = high.or(h.lanewise(VectorOperators.LSHR, 2 * c + 1)
                                    .and(1)
                                    .lanewise(VectorOperators.LSHL, 4));
                        }
                        int e = xOffset + i + 2 * SUB_BLOCK * c + l + part * floats.length();
                        FloatVector xLow = FloatVector.fromArray(floats, x, e);
                        FloatVector xHigh = FloatVector.fromArray(floats, x, e + SUB_BLOCK);
                        lowQx = ((FloatVector) low.convert(VectorOperators.I2F, 0)).fma(xLow, lowQx);
                        highQx = ((FloatVector) high.convert(VectorOperators.I2F, 0)).fma(xHigh, highQx);
                        lowX = lowX.add(xLow);
                        highX = highX.add(xHigh);
                    }
                }
                int j = 2 * c;
                scaled = lowQx.fma(FloatVector.broadcast(floats, d * subScale(data, block, j)), scaled);
                scaled = highQx.fma(FloatVector.broadcast(floats, d * subScale(data, block, j + 1)), scaled);
                mins = lowX.fma(FloatVector.broadcast(floats, dmin * subMin(data, block, j)), mins);
                mins = highX.fma(FloatVector.broadcast(floats, dmin * subMin(data, block, j + 1)), mins);
            }
        }
        return scaled.sub(mins).reduceLanes(VectorOperators.ADD);
    }
}
