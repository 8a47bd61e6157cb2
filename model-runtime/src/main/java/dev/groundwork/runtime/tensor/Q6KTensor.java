package dev.groundwork.runtime.tensor;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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

    private static final ValueLayout.OfShort FLOAT16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LITTLE_ENDIAN);

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
        // Two accumulators halve the chain of dependent fmas across sub-blocks.
        FloatVector even = FloatVector.zero(floats);
        FloatVector odd = FloatVector.zero(floats);
        long block = start / BLOCK_SIZE * BLOCK_BYTES;
        for (int i = 0; i < n; i += BLOCK_SIZE, block += BLOCK_BYTES) {
            float d = scale(block);
            for (int half = 0; half < 2; half++) {
                long halfScales = data.get(LONG, block + SUB_SCALES + 8 * half); // int8 scales 8h..8h+7
                long high = block + HIGH_BITS + 32 * half;
                // Quarters p and p + 2 of the half share their low-bit bytes (low and high nibbles) and
                // take bits 2p..2p+1 and 2p+4..2p+5 of the high-bit bytes.
                for (int p = 0; p < 2; p++) {
                    long low = block + LOW_BITS + 64 * half + 32 * p;
                    for (int s = 0; s < 2; s++) {
                        // Positions [16s, 16s + 16) of quarters p and p + 2: sub-blocks 8h + 2p + s and
                        // 8h + 2p + 4 + s.
                        FloatVector first = FloatVector.zero(floats);
                        FloatVector second = first;
                        for (int l = SUB_BLOCK * s; l < SUB_BLOCK * (s + 1); l += floats.length()) {
                            IntVector a = ((IntVector) (Vectors.MASKED_BYTES
                                            ? ByteVector.fromMemorySegment(
                                                    Vectors.BYTES, data, low + l, LITTLE_ENDIAN, Vectors.FLOAT_LANES)
                                            : ByteVector.fromMemorySegment(Vectors.BYTES, data, low + l, LITTLE_ENDIAN))
                                    .convertShape(VectorOperators.B2I, Vectors.INTS, 0));
                            IntVector h = ((IntVector) (Vectors.MASKED_BYTES
                                                    ? ByteVector.fromMemorySegment(
                                                            Vectors.BYTES,
                                                            data,
                                                            high + l,
                                                            LITTLE_ENDIAN,
                                                            Vectors.FLOAT_LANES)
                                                    : ByteVector.fromMemorySegment(
                                                            Vectors.BYTES, data, high + l, LITTLE_ENDIAN))
                                            .convertShape(VectorOperators.B2I, Vectors.INTS, 0))
                                    .lanewise(VectorOperators.LSHR, 2 * p);
                            IntVector q0 = a.and(0xF)
                                    .or(h.lanewise(VectorOperators.LSHL, 4).and(0x30));
                            IntVector q2 =
                                    a.lanewise(VectorOperators.ASHR, 4).and(0xF).or(h.and(0x30));
                            int e = xOffset + i + 128 * half + 32 * p + l;
                            first = ((FloatVector) q0.sub(32).convert(VectorOperators.I2F, 0))
                                    .fma(FloatVector.fromArray(floats, x, e), first);
                            second = ((FloatVector) q2.sub(32).convert(VectorOperators.I2F, 0))
                                    .fma(FloatVector.fromArray(floats, x, e + 64), second);
                        }
                        even = first.fma(
                                FloatVector.broadcast(floats, d * (byte) (halfScales >>> 8 * (2 * p + s))), even);
                        odd = second.fma(
                                FloatVector.broadcast(floats, d * (byte) (halfScales >>> 8 * (2 * p + 4 + s))), odd);
                    }
                }
            }
        }
        return even.add(odd).reduceLanes(VectorOperators.ADD);
    }
}
