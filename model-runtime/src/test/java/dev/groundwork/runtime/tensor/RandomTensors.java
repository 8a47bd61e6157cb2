package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/** Random but valid weights in each storage format, and random activations, for the kernel tests. */
final class RandomTensors {

    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RandomTensors() {}

    /**
     * {@code values} weights of {@code type}: random quants, bit fields and sub-block scales (every
     * bit pattern of those is valid) with random fp16 scales between 0.001 and 0.1, so that no value
     * is infinite or NaN. The data starts one byte into its allocation, unaligned as in a model file.
     */
    static MemorySegment weights(Arena arena, GgmlType type, int values, Random random) {
        long bytes = type.bytes(values);
        MemorySegment data = arena.allocate(bytes + 1).asSlice(1);
        switch (type) {
            case F32 -> {
                for (int i = 0; i < values; i++) {
                    data.setAtIndex(FLOAT, i, (float) random.nextGaussian());
                }
            }
            case F16 -> {
                for (int i = 0; i < values; i++) {
                    data.setAtIndex(SHORT, i, Float.floatToFloat16((float) random.nextGaussian()));
                }
            }
            case BF16 -> {
                for (int i = 0; i < values; i++) {
                    data.setAtIndex(SHORT, i, (short) (Float.floatToIntBits((float) random.nextGaussian()) >>> 16));
                }
            }
            default -> {
                byte[] noise = new byte[(int) bytes];
                random.nextBytes(noise);
                MemorySegment.copy(MemorySegment.ofArray(noise), 0, data, 0, bytes);
                for (long block = 0; block < bytes; block += type.blockBytes()) {
                    for (int field : float16Fields(type)) {
                        data.set(SHORT, block + field, Float.floatToFloat16(0.001f + 0.099f * random.nextFloat()));
                    }
                }
            }
        }
        return data;
    }

    /** Offsets of the fp16 scales in a block, from ggml-common.h. */
    private static int[] float16Fields(GgmlType type) {
        return switch (type) {
            case Q8_0, Q4_0 -> new int[] {0}; // d
            case Q4_K, Q5_K -> new int[] {0, 2}; // d, dmin
            case Q6_K -> new int[] {128 + 64 + 16}; // d after ql, qh and scales
            default -> throw new IllegalArgumentException("no random blocks for " + type);
        };
    }

    /** Standard normal activations. */
    static float[] activations(int n, Random random) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
