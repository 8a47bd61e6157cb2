/**
 * Weight tensors in ggml's storage formats (F32, F16, BF16, Q8_0, Q4_0 and the K-quants Q4_K, Q5_K,
 * Q6_K), read straight from the memory-mapped model file, with a scalar reference and a Vector API
 * kernel per format, and the matrix products of the forward pass built on them. Block layouts
 * follow ggml's {@code ggml-common.h}.
 */
package dev.groundwork.runtime.tensor;
