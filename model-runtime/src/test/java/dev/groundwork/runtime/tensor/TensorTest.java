package dev.groundwork.runtime.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.runtime.gguf.GgmlType;
import dev.groundwork.runtime.gguf.GgufFormatException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorTest {

    private static final int ROWS = 3;
    /** Activations start this far into their array, as a row of a batch would. */
    private static final int X_OFFSET = 5;
    /**
     * Dot products in float of up to 1792 terms, summed in different orders: the difference stays
     * far below 1e-5 of Σ |w x|, while a wrong value or index moves the result by a whole term.
     */
    private static final double RELATIVE_TOLERANCE = 1e-5;

    /** Row lengths: whole blocks, an odd number of them; for 1-value blocks, lengths with vector tails. */
    private static int[] rowLengths(GgmlType type) {
        return type.blockSize() == 1
                ? new int[] {1, 3, 7, 37, 100, 259}
                : IntStream.of(1, 3, 7).map(blocks -> blocks * type.blockSize()).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void vectorDotMatchesScalarReference(GgmlType type) {
        forEachRow(
                type,
                (w, x, start, cols) -> assertThat(w.dot(start, x, X_OFFSET, cols))
                        .as("%s row at %d of %d values", type, start, cols)
                        .isCloseTo(w.dotScalar(start, x, X_OFFSET, cols), within(tolerance(w, start, x, cols))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void scalarDotMatchesDequantizedValues(GgmlType type) {
        forEachRow(type, (w, x, start, cols) -> {
            float[] values = new float[cols];
            w.dequantize(start, values, 0, cols);
            double expected = 0;
            for (int i = 0; i < cols; i++) {
                expected += (double) values[i] * x[X_OFFSET + i];
            }
            assertThat((double) w.dotScalar(start, x, X_OFFSET, cols))
                    .as("%s row at %d of %d values", type, start, cols)
                    .isCloseTo(expected, within((double) tolerance(w, start, x, cols)));
        });
    }

    interface RowCheck {
        void check(Tensor w, float[] x, long start, int cols);
    }

    /** Runs {@code check} on every row of random tensors of {@link #ROWS} rows of each length. */
    private static void forEachRow(GgmlType type, RowCheck check) {
        Random random = new Random(type.id());
        for (int cols : rowLengths(type)) {
            try (Arena arena = Arena.ofConfined()) {
                Tensor w = Tensor.of(type, RandomTensors.weights(arena, type, ROWS * cols, random), (long) ROWS * cols);
                float[] x = RandomTensors.activations(X_OFFSET + cols, random);
                for (int row = 0; row < ROWS; row++) {
                    check.check(w, x, (long) row * cols, cols);
                }
            }
        }
    }

    /** {@link #RELATIVE_TOLERANCE} of Σ |w x| over the row: the scale of the rounding of a float dot product. */
    private static float tolerance(Tensor w, long start, float[] x, int cols) {
        float[] values = new float[cols];
        w.dequantize(start, values, 0, cols);
        double magnitude = 0;
        for (int i = 0; i < cols; i++) {
            magnitude += Math.abs((double) values[i] * x[X_OFFSET + i]);
        }
        return (float) (RELATIVE_TOLERANCE * magnitude);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void ofGivesTheTensorOfEachSupportedType(GgmlType type) {
        try (Arena arena = Arena.ofConfined()) {
            int size = 2 * Math.max(type.blockSize(), 32);
            Tensor tensor = Tensor.of(type, RandomTensors.weights(arena, type, size, new Random(1)), size);

            assertThat(tensor.type()).isEqualTo(type);
            assertThat(tensor.size()).isEqualTo(size);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void ofRejectsDataOfTheWrongByteSizeWithClearError(GgmlType type) {
        int size = 2 * type.blockSize();
        long bytes = type.bytes(size);
        MemorySegment oneByteShort = MemorySegment.ofArray(new byte[(int) bytes - 1]);

        assertThatThrownBy(() -> Tensor.of(type, oneByteShort, size))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("%d values of %s take %d bytes; the data has %d", size, type, bytes, bytes - 1);
    }

    @Test
    void ofRejectsSizeThatIsNotWholeBlocks() {
        MemorySegment data = MemorySegment.ofArray(new byte[GgmlType.Q4_K.blockBytes()]);

        assertThatThrownBy(() -> Tensor.of(GgmlType.Q4_K, data, 255))
                .isInstanceOf(GgufFormatException.class)
                .hasMessage("255 values of type Q4_K are not whole blocks of 256");
    }

    @Test
    void ofRejectsUnsupportedTypeNamingTheSupportedOnes() {
        MemorySegment data = MemorySegment.ofArray(new byte[GgmlType.Q2_K.blockBytes()]);

        assertThatThrownBy(() -> Tensor.of(GgmlType.Q2_K, data, 256))
                .isInstanceOf(UnsupportedTensorTypeException.class)
                .hasMessageContaining("Q2_K is not supported")
                .hasMessageContaining("Q6_K");
    }
}
