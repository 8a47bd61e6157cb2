package dev.groundwork.runtime.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatMulTest {

    private static float[] random(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Odd rows (a row left over from the 2-row tiles), a batch of 7 (a 4-token tile and 3 single ones), odd columns. */
    @Test
    void batchedProductEqualsOneVectorAtATime() {
        SplittableRandom random = new SplittableRandom(5);
        int rows = 67;
        int cols = 96 + 5;
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16}) {
            try (Arena arena = Arena.ofShared();
                    MatMul matMul = new MatMul(2)) {
                MemorySegment data = arena.allocate(type.bytes((long) rows * cols));
                Quantizer.write(type, random(random, rows * cols), data, 0);
                Tensor w = Tensor.of(type, data, (long) rows * cols);
                float[][] xs = new float[7][];
                float[][] batched = new float[7][rows];
                for (int b = 0; b < xs.length; b++) {
                    xs[b] = random(random, cols);
                }
                matMul.apply(w, rows, cols, xs, batched, xs.length);
                for (int b = 0; b < xs.length; b++) {
                    float[] single = new float[rows];
                    matMul.apply(w, rows, cols, xs[b], single);
                    for (int r = 0; r < rows; r++) {
                        assertThat(batched[b][r])
                                .as("%s token %d row %d", type, b, r)
                                .isCloseTo(single[r], within(1e-3f));
                    }
                }
            }
        }
    }
}
