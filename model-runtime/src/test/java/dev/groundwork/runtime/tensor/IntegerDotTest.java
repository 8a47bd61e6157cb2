package dev.groundwork.runtime.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IntegerDotTest {

    private static final int ROWS = 3;

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"Q8_0", "Q4_0", "Q4_K", "Q5_K"})
    void vectorDotMatchesScalarReference(GgmlType type) {
        forEachRow(
                type,
                (w, x, start, cols) -> assertThat(((IntegerDot) w).dot(start, x, cols))
                        .as("%s row at %d of %d values", type, start, cols)
                        .isCloseTo(((IntegerDot) w).dotScalar(start, x, cols), within(tolerance(w, x, start, cols))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"Q8_0", "Q4_0", "Q4_K", "Q5_K"})
    void scalarDotIsTheProductOfTheDequantizedWeightsWithTheRoundedActivations(GgmlType type) {
        forEachRow(type, (w, x, start, cols) -> {
            float[] weights = new float[cols];
            w.dequantize(start, weights, 0, cols);
            double expected = 0;
            for (int i = 0; i < cols; i++) {
                expected += (double) weights[i] * x.value(i);
            }
            assertThat((double) ((IntegerDot) w).dotScalar(start, x, cols))
                    .as("%s row at %d of %d values", type, start, cols)
                    .isCloseTo(expected, within((double) tolerance(w, x, start, cols)));
        });
    }

    /**
     * The largest products there can be, all of one sign: a Q8_0 block of -128s (more than the
     * quantizer writes, but valid bits) and a Q4_0 block of 15s (stored 15, meaning 7 after the offset,
     * plus 0s meaning -8) with activations at ±127. A 16-bit lane that overflowed would wrap.
     */
    @Test
    void extremeBlocksSumExactly() {
        try (Arena arena = Arena.ofConfined()) {
            float[] x = new float[64];
            Arrays.fill(x, -1f);
            Q8Activations rounded = Q8Activations.of(x, x.length); // every value -127, scale 1/127 in fp16
            float xScale = rounded.scales[0];

            MemorySegment q8 = block(arena, GgmlType.Q8_0, 2, 1f);
            for (int b = 0; b < 2; b++) {
                for (int k = 0; k < 32; k++) {
                    q8.set(ValueLayout.JAVA_BYTE, b * 34L + 2 + k, (byte) -128);
                }
            }
            Q8_0Tensor q8Tensor = (Q8_0Tensor) Tensor.of(GgmlType.Q8_0, q8, 64);
            assertThat(q8Tensor.dot(0, rounded, 64)).isEqualTo(64 * 128 * 127 * xScale);

            MemorySegment q4 = block(arena, GgmlType.Q4_0, 2, 1f);
            for (int k = 0; k < 16; k++) {
                q4.set(ValueLayout.JAVA_BYTE, 2 + k, (byte) 0xFF); // block 0: every value 15 - 8 = 7
                q4.set(ValueLayout.JAVA_BYTE, 18 + 2 + k, (byte) 0x00); // block 1: every value -8
            }
            Q4_0Tensor q4Tensor = (Q4_0Tensor) Tensor.of(GgmlType.Q4_0, q4, 64);
            assertThat(q4Tensor.dot(0, rounded, 32)).isEqualTo(32 * 7 * -127 * xScale);
            assertThat(q4Tensor.dot(32, rounded, 32)).isEqualTo(32 * -8 * -127 * rounded.scales[1]);
            assertThat(q4Tensor.dot(0, rounded, 64)).isEqualTo(32 * 1 * 127 * xScale);
        }
    }

    /** {@code blocks} blocks of {@code type} with scale {@code d} and zero bytes. */
    private static MemorySegment block(Arena arena, GgmlType type, int blocks, float d) {
        MemorySegment data = arena.allocate(type.bytes(blocks * 32L));
        for (int b = 0; b < blocks; b++) {
            data.set(
                    ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                    (long) b * type.blockBytes(),
                    Float.floatToFloat16(d));
        }
        return data;
    }

    @Test
    void activationsRoundAsLlamaCppDoes() {
        float[] x = new float[64];
        x[0] = 127; // max |x|: the multiplier is 1
        x[1] = 2.5f; // halves round to even
        x[2] = 3.5f;
        x[3] = -2.5f;
        x[4] = -0.4f;
        x[5] = 126.6f;
        // block 1 stays zero
        Q8Activations rounded = Q8Activations.of(x, 64);

        assertThat(Arrays.copyOf(rounded.values, 6)).containsExactly(127, 2, 4, -2, 0, 127);
        assertThat(rounded.scales[0]).isEqualTo(1f);
        assertThat(Arrays.copyOfRange(rounded.values, 32, 64)).containsOnly((short) 0);
        assertThat(rounded.scales[1]).isZero();
        int lanes = Vectors.PRODUCT_INTS.length();
        assertThat(rounded.sums).containsExactly(127 + 2 + 4 - 2 + 127, 0);
        assertThat(rounded.offsetSums[0]).isEqualTo(-8 * (127 + 2 + 4 - 2 + 127));
        assertThat(Arrays.copyOfRange(rounded.offsetSums, 1, 2 * lanes)).containsOnly(0);
    }

    @Test
    void activationScaleIsRoundedToFp16AsGgmlStoresIt() {
        float[] x = new float[32];
        x[0] = 0.1f;
        Q8Activations rounded = Q8Activations.of(x, 32);

        assertThat(rounded.scales[0]).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(0.1f / 127)));
        assertThat(rounded.values[0]).isEqualTo((short) 127);
    }

    @Test
    void activationsMustBeWholeBlocks() {
        assertThatThrownBy(() -> Q8Activations.of(new float[40], 40))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("40 activations are not whole blocks of 32");
    }

    /** The one-vector product takes the integer path for these types, on every thread. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"Q8_0", "Q4_0", "Q4_K", "Q5_K"})
    void matrixTimesVectorUsesTheIntegerProduct(GgmlType type) {
        Random random = new Random(7);
        int rows = 67;
        int cols = 512;
        try (Arena arena = Arena.ofShared();
                MatMul matMul = new MatMul(2)) {
            Tensor w = Tensor.of(type, RandomTensors.weights(arena, type, rows * cols, random), (long) rows * cols);
            float[] x = RandomTensors.activations(cols, random);
            float[] out = new float[rows];
            matMul.apply(w, rows, cols, x, out);

            Q8Activations rounded = Q8Activations.of(x, cols);
            for (int r = 0; r < rows; r++) {
                // The same kernel, though perhaps compiled differently (lane sums in another order).
                assertThat(out[r])
                        .as("row %d", r)
                        .isCloseTo(
                                ((IntegerDot) w).dot((long) r * cols, rounded, cols),
                                within(tolerance(w, rounded, (long) r * cols, cols)));
                // and within the rounding of the activations (half a level of each block) of the float product
                float[] weights = new float[cols];
                w.dequantize((long) r * cols, weights, 0, cols);
                double bound = 0;
                for (int i = 0; i < cols; i++) {
                    bound += Math.abs(weights[i]) * rounded.scales[i / 32] * 0.5 * 1.01;
                }
                assertThat((double) out[r]).isCloseTo(w.dot((long) r * cols, x, 0, cols), within(bound));
            }
        }
    }

    interface RowCheck {
        void check(Tensor w, Q8Activations x, long start, int cols);
    }

    /** Rows of 1, 3 and 7 blocks of the type, and of 2048 values. */
    private static void forEachRow(GgmlType type, RowCheck check) {
        Random random = new Random(type.id());
        int block = type.blockSize();
        for (int cols : new int[] {block, 3 * block, 7 * block, 2048}) {
            try (Arena arena = Arena.ofConfined()) {
                Tensor w = Tensor.of(type, RandomTensors.weights(arena, type, ROWS * cols, random), (long) ROWS * cols);
                Q8Activations x = Q8Activations.of(RandomTensors.activations(cols, random), cols);
                for (int row = 0; row < ROWS; row++) {
                    check.check(w, x, (long) row * cols, cols);
                }
            }
        }
    }

    /** 1e-5 of Σ |w x|: float rounding of the block sums' scaled total, far below one term. */
    private static float tolerance(Tensor w, Q8Activations x, long start, int cols) {
        float[] weights = new float[cols];
        w.dequantize(start, weights, 0, cols);
        double magnitude = 0;
        for (int i = 0; i < cols; i++) {
            magnitude += Math.abs((double) weights[i] * x.value(i));
        }
        return (float) (1e-5 * magnitude);
    }
}
