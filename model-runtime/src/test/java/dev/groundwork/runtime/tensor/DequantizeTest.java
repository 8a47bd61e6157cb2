package dev.groundwork.runtime.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dequantization against references written here from ggml's {@code dequantize_row_*} loops (over a
 * {@link ByteBuffer}, element by element as ggml writes them), and against blocks built by hand.
 */
class DequantizeTest {

    private static final float HALF = 0.5f;
    private static final short FP16_HALF = 0x3800;
    private static final short FP16_QUARTER = 0x3400;

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void dequantizeMatchesGgmlReference(GgmlType type) {
        int blocks = 7;
        int values = blocks * Math.max(type.blockSize(), 32);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = RandomTensors.weights(arena, type, values, new Random(type.id()));
            float[] expected = reference(type, ByteBuffer.wrap(data.toArray(ValueLayout.JAVA_BYTE)), values);
            Tensor tensor = Tensor.of(type, data, values);

            float[] all = new float[values];
            tensor.dequantize(0, all, 0, values);
            assertThat(all).containsExactly(expected);

            // Blocks 2..4 into the middle of an array.
            int block = Math.max(type.blockSize(), 32);
            float[] some = new float[3 + 3 * block];
            tensor.dequantize(2L * block, some, 3, 3 * block);
            assertThat(Arrays.copyOfRange(some, 3, some.length))
                    .containsExactly(Arrays.copyOfRange(expected, 2 * block, 5 * block));
        }
    }

    @Test
    void q8_0BlockIsQuantsTimesScale() {
        ByteBuffer block = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
        block.putShort(FP16_HALF);
        float[] expected = new float[32];
        for (int k = 0; k < 32; k++) {
            block.put((byte) (k - 16));
            expected[k] = (k - 16) * HALF; // -8, -7.5, ..., 7.5
        }

        assertThat(dequantize(GgmlType.Q8_0, block, 32)).containsExactly(expected);
    }

    @Test
    void q4_0BlockHoldsValuesZeroToFifteenInLowNibblesAndSixteenOnInHigh() {
        ByteBuffer block = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        block.putShort(FP16_QUARTER);
        float[] expected = new float[32];
        for (int k = 0; k < 16; k++) {
            block.put((byte) (k | (15 - k) << 4));
            expected[k] = (k - 8) * 0.25f; // -2, -1.75, ..., 1.75
            expected[16 + k] = (7 - k) * 0.25f; // 1.75, 1.5, ..., -2
        }

        assertThat(dequantize(GgmlType.Q4_0, block, 32)).containsExactly(expected);
    }

    @Test
    void q4KBlockAppliesEachSubBlocksSixBitScaleAndMin() {
        // Scales and mins above 15 exercise the 2 high bits that sub-blocks 4..7 keep apart.
        int[] scales = {1, 2, 3, 63, 16, 33, 47, 60};
        int[] mins = {0, 5, 10, 15, 31, 32, 48, 63};
        ByteBuffer block = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
        block.putShort(FP16_HALF).putShort(FP16_QUARTER);
        // The packing of ggml's quantize_row_q4_K.
        for (int j = 0; j < 4; j++) {
            block.put(4 + j, (byte) (scales[j] | (scales[j + 4] >> 4) << 6));
            block.put(8 + j, (byte) (mins[j] | (mins[j + 4] >> 4) << 6));
            block.put(12 + j, (byte) ((scales[j + 4] & 0xF) | (mins[j + 4] & 0xF) << 4));
        }
        float[] expected = new float[256];
        for (int e = 0; e < 256; e++) {
            int q = e * 7 % 16;
            int j = e / 32;
            int at = 16 + 32 * (e / 64) + e % 32;
            block.put(at, (byte) (j % 2 == 0 ? block.get(at) | q : block.get(at) | q << 4));
            expected[e] = HALF * scales[j] * q - 0.25f * mins[j];
        }

        float[] values = dequantize(GgmlType.Q4_K, block, 256);

        assertThat(values).containsExactly(expected);
        assertThat(values[0]).isEqualTo(0f); // scale 0.5, min 0, q 0
        assertThat(values[255]).isEqualTo(254.25f); // scale 0.5 * 60, q 255 * 7 % 16 = 9, min 0.25 * 63
    }

    private static float[] dequantize(GgmlType type, ByteBuffer block, int values) {
        float[] out = new float[values];
        Tensor.of(type, MemorySegment.ofArray(block.array()), values).dequantize(0, out, 0, values);
        return out;
    }

    private static float[] reference(GgmlType type, ByteBuffer bytes, int values) {
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        float[] y = new float[values];
        int blocks = values / type.blockSize();
        switch (type) {
            case F16 -> {
                for (int i = 0; i < values; i++) {
                    y[i] = Float.float16ToFloat(bytes.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < values; i++) {
                    y[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            case Q8_0 -> {
                for (int i = 0; i < blocks; i++) {
                    int x = 34 * i;
                    float d = Float.float16ToFloat(bytes.getShort(x));
                    for (int j = 0; j < 32; j++) {
                        y[i * 32 + j] = bytes.get(x + 2 + j) * d;
                    }
                }
            }
            case Q4_0 -> {
                for (int i = 0; i < blocks; i++) {
                    int x = 18 * i;
                    float d = Float.float16ToFloat(bytes.getShort(x));
                    for (int j = 0; j < 16; j++) {
                        int x0 = (bytes.get(x + 2 + j) & 0x0F) - 8;
                        int x1 = ((bytes.get(x + 2 + j) & 0xFF) >> 4) - 8;
                        y[i * 32 + j] = x0 * d;
                        y[i * 32 + j + 16] = x1 * d;
                    }
                }
            }
            case Q4_K -> q4K(bytes, blocks, y, 144, -1, 16);
            case Q5_K -> q4K(bytes, blocks, y, 176, 16, 48);
            case Q6_K -> {
                int yi = 0;
                for (int i = 0; i < blocks; i++) {
                    int x = 210 * i;
                    float d = Float.float16ToFloat(bytes.getShort(x + 208));
                    int ql = x;
                    int qh = x + 128;
                    int sc = x + 192;
                    for (int n = 0; n < 256; n += 128) {
                        for (int l = 0; l < 32; l++) {
                            int is = l / 16;
                            int q1 = ((u8(bytes, ql + l) & 0xF) | ((u8(bytes, qh + l) >> 0) & 3) << 4) - 32;
                            int q2 = ((u8(bytes, ql + l + 32) & 0xF) | ((u8(bytes, qh + l) >> 2) & 3) << 4) - 32;
                            int q3 = ((u8(bytes, ql + l) >> 4) | ((u8(bytes, qh + l) >> 4) & 3) << 4) - 32;
                            int q4 = ((u8(bytes, ql + l + 32) >> 4) | ((u8(bytes, qh + l) >> 6) & 3) << 4) - 32;
                            y[yi + l] = d * bytes.get(sc + is) * q1;
                            y[yi + l + 32] = d * bytes.get(sc + is + 2) * q2;
                            y[yi + l + 64] = d * bytes.get(sc + is + 4) * q3;
                            y[yi + l + 96] = d * bytes.get(sc + is + 6) * q4;
                        }
                        yi += 128;
                        ql += 64;
                        qh += 32;
                        sc += 8;
                    }
                }
            }
            default -> throw new IllegalArgumentException("no reference for " + type);
        }
        return y;
    }

    /** dequantize_row_q4_K, and with {@code qhAt >= 0} dequantize_row_q5_K. */
    private static void q4K(ByteBuffer bytes, int blocks, float[] y, int blockBytes, int qhAt, int qsAt) {
        int yi = 0;
        for (int i = 0; i < blocks; i++) {
            int x = blockBytes * i;
            float d = Float.float16ToFloat(bytes.getShort(x));
            float min = Float.float16ToFloat(bytes.getShort(x + 2));
            int q = x + qsAt;
            int is = 0;
            int u1 = 1;
            int u2 = 2;
            for (int j = 0; j < 256; j += 64) {
                int[] scaleMin = scaleMinK4(bytes, x + 4, is);
                float d1 = d * scaleMin[0];
                float m1 = min * scaleMin[1];
                scaleMin = scaleMinK4(bytes, x + 4, is + 1);
                float d2 = d * scaleMin[0];
                float m2 = min * scaleMin[1];
                for (int l = 0; l < 32; l++) {
                    int high = qhAt >= 0 && (u8(bytes, x + qhAt + l) & u1) != 0 ? 16 : 0;
                    y[yi++] = d1 * ((u8(bytes, q + l) & 0xF) + high) - m1;
                }
                for (int l = 0; l < 32; l++) {
                    int high = qhAt >= 0 && (u8(bytes, x + qhAt + l) & u2) != 0 ? 16 : 0;
                    y[yi++] = d2 * ((u8(bytes, q + l) >> 4) + high) - m2;
                }
                q += 32;
                is += 2;
                u1 <<= 2;
                u2 <<= 2;
            }
        }
    }

    /** get_scale_min_k4. */
    private static int[] scaleMinK4(ByteBuffer bytes, int q, int j) {
        if (j < 4) {
            return new int[] {u8(bytes, q + j) & 63, u8(bytes, q + j + 4) & 63};
        }
        return new int[] {
            (u8(bytes, q + j + 4) & 0xF) | ((u8(bytes, q + j - 4) >> 6) << 4),
            (u8(bytes, q + j + 4) >> 4) | ((u8(bytes, q + j) >> 6) << 4)
        };
    }

    private static int u8(ByteBuffer bytes, int at) {
        return bytes.get(at) & 0xFF;
    }
}
