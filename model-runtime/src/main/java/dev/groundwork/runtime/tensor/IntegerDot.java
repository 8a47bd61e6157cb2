package dev.groundwork.runtime.tensor;

/**
 * A weight format whose dot product with {@link Q8Activations} is computed in integers: per block,
 * products of 8-bit values summed exactly in 16- and 32-bit lanes, then one float multiply by the two
 * blocks' scales. This is how llama.cpp multiplies Q8_0 and Q4_0 weights (and, with coarser rounding
 * of the activations, Q4_K's sub-blocks). It takes fewer vector
 * operations per weight than widening every weight to a float, although the Vector API has no 8-bit
 * multiply-add: products are taken in 16-bit lanes, two summed per lane, and adjacent lanes summed
 * into ints. Over the matrices of the 1B benchmark files it ran 1.2 to 1.4 times as fast as the
 * float kernels, and 1.2 times for a random Q4_K matrix, measured in one loop on one thread. Q5_K
 * and Q6_K keep their float kernels: an integer Q5_K kernel written the same way was slower.
 */
sealed interface IntegerDot permits Q8_0Tensor, Q4_0Tensor, Q4KTensor {

    /** The dot product of values {@code [start, start + n)} with {@code x[0, n)}: Vector API. */
    float dot(long start, Q8Activations x, int n);

    /** The same product, scalar reference. */
    float dotScalar(long start, Q8Activations x, int n);
}
