package dev.groundwork.runtime.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.runtime.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DequantizeVectorTest {

    /** The vector path gives the scalar reference's floats exactly, at an offset into the tensor and the output. */
    @ParameterizedTest
    @EnumSource(
            value = GgmlType.class,
            names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void vectorDequantizeEqualsTheScalarReference(GgmlType type) {
        int values = 4 * 256;
        try (Arena arena = Arena.ofConfined()) {
            Tensor tensor = Tensor.of(type, RandomTensors.weights(arena, type, values, new Random(3)), values);
            int start = 256;
            int n = 2 * 256;
            float[] reference = new float[n + 5];
            float[] vector = new float[n + 5];
            tensor.dequantize(start, reference, 5, n);
            tensor.dequantizeVector(start, vector, 5, n);
            assertThat(vector).containsExactly(reference);
        }
    }
}
