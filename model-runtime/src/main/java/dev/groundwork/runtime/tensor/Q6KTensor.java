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
 * Super-blocks of 256 signed 6-bit values in 16 sub-blocks of 16, each with a signed 8-bit scale, and
 * one fp16 scale (ggml's {@code block_q6_K}).
 */
final class Q6KTensor extends Tensor {

    private static final int BLOCK_SIZE = 256;
    private static final int SUB_BLOCK = 16;
    /**
     * 128 bytes of low 4 bits, for two halves of 128 values: in half h, byte 64h + l holds value
     * 128h + l in its low nibble and 128h + l + 64 in its high; byte 64h + 32 + l the same for values
     * 128h + l + 32 and 128h + l + 96 (l < 32).
     */
    private static final int LOW_BITS = 0;
    /** 64 bytes of high 2 bits: bits 2k, 2k + 1 of byte 32h + l belong to value 128h + 32k + l. */
    private static final int HIGH_BITS = LOW_BITS + BLOCK_SIZE / 2;
    /** 16 int8 scales, one per sub-block of 16 values, in order. */
    private static final int SUB_SCALES = HIGH_BITS + BLOCK_SIZE / 4;
    /** fp16 super-block scale d; value = d * sub-block scale * (q - 32). */
    private static final int SCALE = SUB_SCALES + BLOCK_SIZE / SUB_BLOCK;

    private static final int BLOCK_BYTES = SCALE + 2;

    private static final ValueLayout.OfShort FLOAT16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    Q6KTensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    private float scale(long block) {
        return Float.float16ToFloat(data.get(FLOAT16, block + SCALE));
    }

    private int subScale(long block, int j) {
        return data.get(ValueLayout.JAVA_BYTE, block + SUB_SCALES + j);
    }

    private int byteAt(long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    /** The signed quant of value {@code e < 256} of the super-block. */
    private int quant(long block, int e) {
        int half = e / 128;
        int quarter = e % 128 / 32; // which 2 high bits, and which nibble of which low byte
        int l = e % 32;
        int low = byteAt(block + LOW_BITS + 64 * half + 32 * (quarter % 2) + l);
        int nibble = quarter < 2 ? low & 0xF : low >> 4;
        int high = byteAt(block + HIGH_BITS + 32 * half + l) >> 2 * quarter & 3;
        return (nibble | high << 4) - 32;
    }

    @Override
    public void dequantize(long start, float[] out, int outOffset, int n) {
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = scale(block);
            for (int j = 0; j < BLOCK_SIZE / SUB_BLOCK; j++) {
                float subScale = d * subScale(block, j);
                for (int l = 0; l < SUB_BLOCK; l++) {
                    out[outOffset + i + SUB_BLOCK * j + l] = subScale * quant(block, SUB_BLOCK * j + l);
                }
            }
        }
    }

    @Override
    public float dotScalar(long start, float[] x, int xOffset, int n) {
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        float sum = 0;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = scale(block);
            for (int j = 0; j < BLOCK_SIZE / SUB_BLOCK; j++) {
                float qx = 0;
                for (int l = 0; l < SUB_BLOCK; l++) {
                    qx += quant(block, SUB_BLOCK * j + l) * x[xOffset + i + SUB_BLOCK * j + l];
                }
                sum += d * subScale(block, j) * qx;
            }
        }
        return sum;
    }

    @Override
    public float dot(long start, float[] x, int xOffset, int n) {
        var floats = Vectors.FLOATS;
        var bytes = Vectors.BYTES;
        // Two accumulators halve the chain of dependent fmas across sub-blocks.
        FloatVector even = FloatVector.zero(floats);
        FloatVector odd = FloatVector.zero(floats);
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = scale(block);
            for (int half = 0; half < 2; half++) {
                long low = block + LOW_BITS + 64 * half;
                long high = block + HIGH_BITS + 32 * half;
                // Values l in [16s, 16s + 16) of the four quarters of the half: four sub-blocks, decoded
                // from the same three loads (2 low-bit bytes, 1 high-bit byte per position).
                for (int s = 0; s < 2; s++) {
                    FloatVector sum0 = FloatVector.zero(floats);
                    FloatVector sum1 = FloatVector.zero(floats);
                    FloatVector sum2 = FloatVector.zero(floats);
                    FloatVector sum3 = FloatVector.zero(floats);
                    for (int l = SUB_BLOCK * s; l < SUB_BLOCK * (s + 1); l += bytes.length()) {
                        ByteVector lows = ByteVector.fromMemorySegment(bytes, data, low + l, ByteOrder.LITTLE_ENDIAN);
                        ByteVector lows32 =
                                ByteVector.fromMemorySegment(bytes, data, low + 32 + l, ByteOrder.LITTLE_ENDIAN);
                        ByteVector highs = ByteVector.fromMemorySegment(bytes, data, high + l, ByteOrder.LITTLE_ENDIAN);
                        for (int part = 0; part < Vectors.PARTS; part++) {
                            IntVector a = (IntVector) lows.convertShape(VectorOperators.B2I, Vectors.INTS, part);
                            IntVector b = (IntVector) lows32.convertShape(VectorOperators.B2I, Vectors.INTS, part);
                            IntVector h = (IntVector) highs.convertShape(VectorOperators.B2I, Vectors.INTS, part);
                            // Quarter k's 2 high bits (bits 2k, 2k + 1 of h) moved to bits 4..5 with one
                            // shift and a mask: left by 4, left by 2, none, right by 2.
                            IntVector q0 = a.and(0xF)
                                    .or(h.lanewise(VectorOperators.LSHL, 4).and(0x30));
                            IntVector q1 = b.and(0xF)
                                    .or(h.lanewise(VectorOperators.LSHL, 2).and(0x30));
                            IntVector q2 =
                                    a.lanewise(VectorOperators.ASHR, 4).and(0xF).or(h.and(0x30));
                            IntVector q3 = b.lanewise(VectorOperators.ASHR, 4)
                                    .and(0xF)
                                    .or(h.lanewise(VectorOperators.ASHR, 2).and(0x30));
                            int e = xOffset + i + 128 * half + l + part * floats.length();
                            sum0 = signed(q0).fma(FloatVector.fromArray(floats, x, e), sum0);
                            sum1 = signed(q1).fma(FloatVector.fromArray(floats, x, e + 32), sum1);
                            sum2 = signed(q2).fma(FloatVector.fromArray(floats, x, e + 64), sum2);
                            sum3 = signed(q3).fma(FloatVector.fromArray(floats, x, e + 96), sum3);
                        }
                    }
                    // Quarter k of half h, positions [16s, 16s + 16): sub-block 8h + 2k + s.
                    int j = 8 * half + s;
                    even = sum0.fma(FloatVector.broadcast(floats, d * subScale(block, j)), even);
                    odd = sum1.fma(FloatVector.broadcast(floats, d * subScale(block, j + 2)), odd);
                    even = sum2.fma(FloatVector.broadcast(floats, d * subScale(block, j + 4)), even);
                    odd = sum3.fma(FloatVector.broadcast(floats, d * subScale(block, j + 6)), odd);
                }
            }
        }
        return even.add(odd).reduceLanes(VectorOperators.ADD);
    }

    /** 6-bit quants in int lanes as floats in [-32, 31]. */
    private static FloatVector signed(IntVector q) {
        return (FloatVector) q.sub(32).convert(VectorOperators.I2F, 0);
    }
}
