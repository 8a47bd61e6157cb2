package dev.groundwork.runtime.tensor;

/**
 * Activations rounded to 8-bit integers in blocks of 32 with one scale each, as llama.cpp rounds them
 * (ggml's {@code quantize_row_q8_0}) before it multiplies them with Q8_0 or Q4_0 weights. The product
 * of a weight block and an activation block is then a sum of integer products, scaled once: {@link
 * IntegerDot}. Q4_K and Q5_K weights use the same blocks, one per 32-value sub-block; llama.cpp rounds
 * their activations more coarsely ({@code q8_K}: one scale per 256 values).
 *
 * <p>Rounding is ggml's x86 path: the multiplier is {@code 127 / max|x|}, values round half to even,
 * and the scale is {@code max|x| / 127} rounded to fp16 (the precision ggml stores it in). So the
 * integers and scales equal llama.cpp's, and a product differs from its only in the order of
 * summation.
 */
final class Q8Activations {

    static final int BLOCK_SIZE = 32;

    /** The rounded values, widened to 16 bits: the kernels multiply them in 16-bit lanes. */
    final short[] values;

    /** Per block, the scale: value i is {@code values[i] * scales[i / 32]}. */
    final float[] scales;

    /** Per block, {@code Σ q}: the K-quants subtract a sub-block's min times the sum of its activations. */
    final int[] sums;

    /** Per block, {@code scale Σ q}: the sum of the values the block stands for. */
    final float[] scaledSums;

    /**
     * Per block, {@link Vectors#PRODUCT_INTS}{@code .length()} ints: {@code -8 Σ q} over the block in
     * the first, zeros after. Q4_0 stores each weight plus 8, and {@code Σ (w - 8) q = Σ w q - 8 Σ q}:
     * its kernel starts a block's sum from this vector instead of subtracting 8 from every weight.
     */
    final int[] offsetSums;

    private Q8Activations(int n) {
        values = new short[n];
        scales = new float[n / BLOCK_SIZE];
        sums = new int[n / BLOCK_SIZE];
        scaledSums = new float[n / BLOCK_SIZE];
        offsetSums = new int[n / BLOCK_SIZE * Vectors.PRODUCT_INTS.length()];
    }

    /** {@code x[0, n)} rounded; {@code n} is whole blocks. */
    static Q8Activations of(float[] x, int n) {
        if (n % BLOCK_SIZE != 0) {
            throw new IllegalArgumentException(n + " activations are not whole blocks of " + BLOCK_SIZE);
        }
        Q8Activations q = new Q8Activations(n);
        int lanes = Vectors.PRODUCT_INTS.length();
        for (int b = 0; b < n / BLOCK_SIZE; b++) {
            int first = b * BLOCK_SIZE;
            float max = 0;
            for (int i = first; i < first + BLOCK_SIZE; i++) {
                max = Math.max(max, Math.abs(x[i]));
            }
            float multiplier = max == 0 ? 0 : 127 / max;
            int sum = 0;
            for (int i = first; i < first + BLOCK_SIZE; i++) {
                int value = (int) Math.rint(x[i] * multiplier);
                q.values[i] = (short) value;
                sum += value;
            }
            q.scales[b] = Float.float16ToFloat(Float.floatToFloat16(max / 127));
            q.sums[b] = sum;
            q.scaledSums[b] = q.scales[b] * sum;
            q.offsetSums[b * lanes] = -8 * sum;
        }
        return q;
    }

    /** Value {@code i} as the float it stands for. */
    float value(int i) {
        return values[i] * scales[i / BLOCK_SIZE];
    }
}
