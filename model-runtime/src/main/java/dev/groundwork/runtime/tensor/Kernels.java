package dev.groundwork.runtime.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Float kernels on activations (arrays on the heap): dot products, RMS norm, softmax, SiLU. */
public final class Kernels {

    private Kernels() {}

    /** {@code Σ a[i] b[i]} for {@code i < n}. */
    public static float dot(float[] a, float[] b, int n) {
        return dot(a, 0, b, 0, n);
    }

    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        var species = Vectors.FLOATS;
        FloatVector sum = FloatVector.zero(species);
        int i = 0;
        for (int upper = species.loopBound(n); i < upper; i += species.length()) {
            sum = FloatVector.fromArray(species, a, aOffset + i)
                    .fma(FloatVector.fromArray(species, b, bOffset + i), sum);
        }
        float result = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            result += a[aOffset + i] * b[bOffset + i];
        }
        return result;
    }

    /**
     * The dot products of {@code w} with four vectors at once, into {@code sums[0..3]}: each load of
     * {@code w} feeds four multiply-adds, so the loads, not the arithmetic, stop being the limit.
     */
    public static void dot4(float[] w, float[] x0, float[] x1, float[] x2, float[] x3, int n, float[] sums) {
        var species = Vectors.FLOATS;
        FloatVector s0 = FloatVector.zero(species);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int upper = species.loopBound(n); i < upper; i += species.length()) {
            FloatVector v = FloatVector.fromArray(species, w, i);
            s0 = v.fma(FloatVector.fromArray(species, x0, i), s0);
            s1 = v.fma(FloatVector.fromArray(species, x1, i), s1);
            s2 = v.fma(FloatVector.fromArray(species, x2, i), s2);
            s3 = v.fma(FloatVector.fromArray(species, x3, i), s3);
        }
        float a = s0.reduceLanes(VectorOperators.ADD);
        float b = s1.reduceLanes(VectorOperators.ADD);
        float c = s2.reduceLanes(VectorOperators.ADD);
        float d = s3.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            a += w[i] * x0[i];
            b += w[i] * x1[i];
            c += w[i] * x2[i];
            d += w[i] * x3[i];
        }
        sums[0] = a;
        sums[1] = b;
        sums[2] = c;
        sums[3] = d;
    }

    /** {@code out = x / sqrt(mean(x²) + eps) * weight}, over {@code n} values. */
    public static void rmsNorm(float[] out, float[] x, float[] weight, int n, float eps) {
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += x[i] * x[i];
        }
        float scale = (float) (1.0 / Math.sqrt(squares / n + eps));
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * scale * weight[i];
        }
    }

    /** Softmax of {@code x[offset, offset + n)} in place. */
    public static void softmax(float[] x, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inverse = 1 / sum;
        for (int i = 0; i < n; i++) {
            x[offset + i] *= inverse;
        }
    }

    /** {@code gate[i] = silu(gate[i]) * up[i]}: SwiGLU. */
    public static void swiGlu(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1 + (float) Math.exp(-g)) * up[i];
        }
    }

    /** {@code y[i] += a * x[i]}. */
    public static void axpy(float[] y, int yOffset, float a, float[] x, int xOffset, int n) {
        var species = Vectors.FLOATS;
        int i = 0;
        for (int upper = species.loopBound(n); i < upper; i += species.length()) {
            FloatVector.fromArray(species, x, xOffset + i)
                    .fma(FloatVector.broadcast(species, a), FloatVector.fromArray(species, y, yOffset + i))
                    .intoArray(y, yOffset + i);
        }
        for (; i < n; i++) {
            y[yOffset + i] += a * x[xOffset + i];
        }
    }
}
