/**
 * Weight tensors in ggml's storage formats (F32, F16, BF16, Q8_0, Q4_0 and the K-quants Q4_K, Q5_K,
 * Q6_K), read straight from the memory-mapped model file, with a scalar reference and a Vector API
 * kernel per format, and the matrix products of the forward pass built on them. Block layouts
 * follow ggml's {@code ggml-common.h}.
 *
 * <p>A product with one activation vector (decoding) multiplies Q8_0, Q4_0, Q4_K and Q5_K weights in integers
 * with the vector rounded to 8 bits ({@code Q8Activations}), as
 * llama.cpp does; the Vector API has no 8-bit multiply-add, so the {@code IntegerDot} kernels take
 * products in 16-bit lanes and sum lane pairs into ints once per block. Products with a batch of
 * activations (prompts) dequantize each weight once and multiply in float.
 */
package dev.groundwork.runtime.tensor;
