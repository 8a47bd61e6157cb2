package dev.groundwork.runtime.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelsTest {

    /** SwiGLU by its definition, in double. */
    private static double swiGlu(float g, float up) {
        return g / (1 + Math.exp(-g)) * up;
    }

    /** Vector lanes and the scalar tail (lengths that are not a multiple of any vector width). */
    @Test
    void swiGluMatchesItsDefinitionInEveryLaneAndTail() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : new int[] {1, 7, 9, 31, 8192 + 5}) {
            float[] gate = new float[n];
            float[] up = new float[n];
            for (int i = 0; i < n; i++) {
                gate[i] = (float) (random.nextGaussian() * 6);
                up[i] = (float) random.nextGaussian();
            }
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = (float) swiGlu(gate[i], up[i]);
            }
            Kernels.swiGlu(gate, up, n);
            for (int i = 0; i < n; i++) {
                assertThat(gate[i])
                        .as("n %d value %d", n, i)
                        .isCloseTo(expected[i], within(1e-6f * Math.max(1, Math.abs(expected[i]))));
            }
        }
    }

    /** Where the exponential overflows or vanishes: silu(g) tends to 0 and to g. */
    @Test
    void swiGluSaturatesAtLargeMagnitudes() {
        int n = 64;
        float[] gate = new float[n];
        float[] up = new float[n];
        for (int i = 0; i < n; i++) {
            gate[i] = i % 2 == 0 ? -200 : 200;
            up[i] = 3;
        }
        Kernels.swiGlu(gate, up, n);
        for (int i = 0; i < n; i++) {
            assertThat(gate[i]).as("value %d", i).isEqualTo(i % 2 == 0 ? 0f : 600f, within(1e-6f));
        }
    }
}
