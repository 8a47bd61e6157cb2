package dev.groundwork.runtime.tensor;

/**
 * A weight format whose dot product with {@link Q8Activations} is computed in integers: per block,
 * products of 8-bit values summed exactly in 16- and 32-bit lanes, then one float multiply by the two
 * blocks' scales. This is how llama.cpp multiplies Q8_0 and Q4_0 weights (and, with coarser rounding
 * of the activations, Q4_K's and Q5_K's sub-blocks). It takes fewer vector
 * operations per weight than widening every weight to a float, although the Vector API has no 8-bit
 * multiply-add: products are taken in 16-bit lanes, two summed per lane, and adjacent lanes summed
 * into ints. Over the matrices of the 1B benchmark files it ran 1.2 to 1.4 times as fast as the
 * float kernels, and 1.1 to 1.2 times (Q4_K) and 1.5 times (Q5_K) for random 8192 x 2048 matrices,
 * measured in one loop on one thread; the K-quants' sub-block scales in lanes ({@link
 * SubBlockScales}) later added 1.2 times for Q4_K. Q6_K keeps its float kernel.
 */
sealed interface IntegerDot permits Q8_0Tensor, Q4_0Tensor, Q4KTensor, Q5KTensor {

    /** The dot product of values {@code [start, start + n)} with {@code x[0, n)}: Vector API. */
    float dot(long start, Q8Activations x, int n);

    /** The same product, scalar reference. */
    float dotScalar(long start, Q8Activations x, int n);
}
