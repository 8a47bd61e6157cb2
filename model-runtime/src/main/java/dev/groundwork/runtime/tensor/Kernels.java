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
     * The dot products of two rows with four vectors at once, into {@code sums} (row 0 with x0..x3,
     * then row 1): a 2 × 4 tile of accumulators in registers, so six loads feed eight multiply-adds
     * and the arithmetic, not the loads, is the limit.
     */
    public static void dot2x4(
            float[] w0, float[] w1, float[] x0, float[] x1, float[] x2, float[] x3, int n, float[] sums) {
        var species = Vectors.FLOATS;
        FloatVector s00 = FloatVector.zero(species);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        int i = 0;
        for (int upper = species.loopBound(n); i < upper; i += species.length()) {
            FloatVector a = FloatVector.fromArray(species, w0, i);
            FloatVector b = FloatVector.fromArray(species, w1, i);
            FloatVector v0 = FloatVector.fromArray(species, x0, i);
            FloatVector v1 = FloatVector.fromArray(species, x1, i);
            FloatVector v2 = FloatVector.fromArray(species, x2, i);
            FloatVector v3 = FloatVector.fromArray(species, x3, i);
            s00 = a.fma(v0, s00);
            s01 = a.fma(v1, s01);
            s02 = a.fma(v2, s02);
            s03 = a.fma(v3, s03);
            s10 = b.fma(v0, s10);
            s11 = b.fma(v1, s11);
            s12 = b.fma(v2, s12);
            s13 = b.fma(v3, s13);
        }
        sums[0] = s00.reduceLanes(VectorOperators.ADD);
        sums[1] = s01.reduceLanes(VectorOperators.ADD);
        sums[2] = s02.reduceLanes(VectorOperators.ADD);
        sums[3] = s03.reduceLanes(VectorOperators.ADD);
        sums[4] = s10.reduceLanes(VectorOperators.ADD);
        sums[5] = s11.reduceLanes(VectorOperators.ADD);
        sums[6] = s12.reduceLanes(VectorOperators.ADD);
        sums[7] = s13.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sums[0] += w0[i] * x0[i];
            sums[1] += w0[i] * x1[i];
            sums[2] += w0[i] * x2[i];
            sums[3] += w0[i] * x3[i];
            sums[4] += w1[i] * x0[i];
            sums[5] += w1[i] * x1[i];
            sums[6] += w1[i] * x2[i];
            sums[7] += w1[i] * x3[i];
        }
    }

    /** {@code out = x / sqrt(mean(x²) + eps) * weight}, over {@code n} values. */
    public static void rmsNorm(float[] out, float[] x, float[] weight, int n, float eps) {
        rmsNorm(out, x, 0, weight, n, eps);
    }

    /** The same over {@code x[offset, offset + n)}, written to {@code out[offset..]} (may be {@code x} itself). */
    public static void rmsNorm(float[] out, float[] x, int offset, float[] weight, int n, float eps) {
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += x[offset + i] * x[offset + i];
        }
        float scale = (float) (1.0 / Math.sqrt(squares / n + eps));
        for (int i = 0; i < n; i++) {
            out[offset + i] = x[offset + i] * scale * weight[i];
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
