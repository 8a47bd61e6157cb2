package dev.groundwork.runtime.tensor;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writes float values in a storage format, as ggml's reference quantizers do ({@code
 * quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref}): used to write model files of given shapes
 * for tests and benchmarks.
 */
public final class Quantizer {

    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Quantizer() {}

    /** The types this class writes. */
    public static boolean writes(GgmlType type) {
        return type == GgmlType.F32 || type == GgmlType.F16 || type == GgmlType.Q8_0 || type == GgmlType.Q4_0;
    }

    /** Writes {@code values} as {@code type} to the start of {@code out}. */
    public static void write(GgmlType type, float[] values, MemorySegment out, long outOffset) {
        switch (type) {
            case F32 -> MemorySegment.copy(values, 0, out, FLOAT, outOffset, values.length);
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    out.set(SHORT, outOffset + 2L * i, Float.floatToFloat16(values[i]));
                }
            }
            case Q8_0 -> q8_0(values, out, outOffset);
            case Q4_0 -> q4_0(values, out, outOffset);
            default -> throw new UnsupportedTensorTypeException(type);
        }
    }

    /** Blocks of 32: fp16 scale d = max|x| / 127, then 32 signed bytes round(x / d). */
    private static void q8_0(float[] values, MemorySegment out, long offset) {
        for (int block = 0; block < values.length / 32; block++) {
            float amax = 0;
            for (int i = 0; i < 32; i++) {
                amax = Math.max(amax, Math.abs(values[block * 32 + i]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1 / d : 0;
            long at = offset + block * 34L;
            out.set(SHORT, at, Float.floatToFloat16(d));
            for (int i = 0; i < 32; i++) {
                out.set(ValueLayout.JAVA_BYTE, at + 2 + i, (byte) roundHalfAway(values[block * 32 + i] * id));
            }
        }
    }

    /** C's {@code roundf}: halves away from zero (Java's {@code Math.round} rounds them up). */
    private static int roundHalfAway(float x) {
        return (int) Math.copySign(Math.floor(Math.abs(x) + 0.5f), x);
    }

    /**
     * Blocks of 32: fp16 scale d = (the value of largest magnitude) / -8, then nibbles
     * min(15, (int) (x / d + 8.5)); values 0..15 in the low nibbles, 16..31 in the high ones.
     */
    private static void q4_0(float[] values, MemorySegment out, long offset) {
        for (int block = 0; block < values.length / 32; block++) {
            float amax = 0;
            float max = 0;
            for (int i = 0; i < 32; i++) {
                float v = values[block * 32 + i];
                if (Math.abs(v) > amax) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8;
            float id = d != 0 ? 1 / d : 0;
            long at = offset + block * 18L;
            out.set(SHORT, at, Float.floatToFloat16(d));
            for (int i = 0; i < 16; i++) {
                int low = Math.min(15, (int) (values[block * 32 + i] * id + 8.5f));
                int high = Math.min(15, (int) (values[block * 32 + 16 + i] * id + 8.5f));
                out.set(ValueLayout.JAVA_BYTE, at + 2 + i, (byte) (low | high << 4));
            }
        }
    }
}
