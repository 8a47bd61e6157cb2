package dev.groundwork.runtime.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.runtime.gguf.GgmlType;
import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.gguf.TensorInfo;
import dev.groundwork.runtime.oracle.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small-llama-k files that llama.cpp quantized from {@code small-llama-k-f32.gguf} (see the
 * oracle's README), dequantized here and compared with the f32 weights: a layout mistake (a nibble,
 * bit or scale read from the wrong place) moves values by about their own size, far beyond the
 * rounding a format allows.
 */
class QuantizedWeightsOracleTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"q8_0", "q4_0", "q4_k", "q5_k", "q6_k", "q4_k_m"})
    void dequantizedWeightsAreWithinTheFormatsRoundingOfTheF32Weights(String quantization) {
        Path models = Oracle.dir().resolve("models");
        try (GgufFile f32 = GgufFile.open(models.resolve("small-llama-k-f32.gguf"));
                GgufFile quantized = GgufFile.open(models.resolve("small-llama-k-" + quantization + ".gguf"))) {
            List<String> checked = new ArrayList<>();
            for (TensorInfo info : quantized.tensors().values()) {
                if (info.shape().length != 2 || info.type() == GgmlType.F32) {
                    continue;
                }
                TensorInfo original = f32.tensor(info.name());
                assertThat(original.type()).isEqualTo(GgmlType.F32);
                Tensor weights = Tensor.of(info.type(), quantized.data(info), info.elements());
                Tensor exact = Tensor.of(GgmlType.F32, f32.data(original), original.elements());
                assertWithinRounding(info, weights, exact);
                assertVectorDotMatchesScalar(info, weights);
                checked.add(info.name());
            }
            assertThat(checked).contains("blk.0.ffn_down.weight", "blk.1.attn_q.weight");
        }
    }

    /**
     * The largest error allowed, as a fraction of the largest |w| of the block (K-quants: super-block)
     * it lies in. llama.cpp quantizes by rounding to the nearest level:
     *
     * <ul>
     *   <li>Q8_0: d = amax / 127, so rounding is off by at most d / 2 = amax / 254, and storing d as
     *       fp16 (relative error 2^-11) moves the extreme level by 127 d 2^-11 = amax 2^-11 more:
     *       0.0044 amax, checked as 0.005.
     *   <li>Q4_0: d = -max / 8 for the signed extreme, levels -8d..7d: a value of the opposite sign
     *       and equal magnitude clamps to 7d, one whole step d = amax / 8 away; elsewhere half a step.
     *       With fp16 rounding of d: 0.13.
     *   <li>Q4_K, Q5_K, Q6_K: 16, 32 or 64 levels per sub-block, which span at most the super-block's
     *       range [-amax, amax]: a step of at most 2 amax / 15, 2 amax / 31, 2 amax / 63. Rounding is
     *       half a step; the 6-bit (Q6_K: 8-bit) sub-block scales and mins can shift or shrink the
     *       grid by part of a step more, so the bound is one step.
     * </ul>
     */
    private static double bound(GgmlType type) {
        return switch (type) {
            case Q8_0 -> 0.005;
            case Q4_0 -> 0.13;
            case Q4_K -> 2.0 / 15;
            case Q5_K -> 2.0 / 31;
            case Q6_K -> 2.0 / 63;
            default -> throw new IllegalArgumentException("no error bound for " + type);
        };
    }

    private static void assertWithinRounding(TensorInfo info, Tensor weights, Tensor exact) {
        int cols = (int) info.dimension(0);
        int rows = (int) info.dimension(1);
        int block = info.type().blockSize();
        float[] values = new float[cols];
        float[] expected = new float[cols];
        double worst = 0; // largest |error| / amax over the tensor's blocks
        for (int row = 0; row < rows; row++) {
            weights.dequantize((long) row * cols, values, 0, cols);
            exact.dequantize((long) row * cols, expected, 0, cols);
            for (int from = 0; from < cols; from += block) {
                double amax = 0;
                double error = 0;
                for (int i = from; i < from + block; i++) {
                    amax = Math.max(amax, Math.abs(expected[i]));
                    error = Math.max(error, Math.abs(values[i] - expected[i]));
                }
                if (amax > 0) {
                    worst = Math.max(worst, error / amax);
                }
            }
        }
        assertThat(worst)
                .as("%s: largest error as a fraction of its block's max |w|", info)
                .isLessThanOrEqualTo(bound(info.type()));
    }

    private static void assertVectorDotMatchesScalar(TensorInfo info, Tensor weights) {
        int cols = (int) info.dimension(0);
        int rows = (int) info.dimension(1);
        float[] x = RandomTensors.activations(cols, new Random(cols));
        float[] values = new float[cols];
        for (int row = 0; row < rows; row++) {
            long start = (long) row * cols;
            weights.dequantize(start, values, 0, cols);
            double magnitude = 0;
            for (int i = 0; i < cols; i++) {
                magnitude += Math.abs(values[i] * x[i]);
            }
            assertThat(weights.dot(start, x, 0, cols))
                    .as("%s row %d", info, row)
                    .isCloseTo(weights.dotScalar(start, x, 0, cols), within((float) (1e-5 * magnitude)));
        }
    }
}
