/**
 * Measures how fast a GGUF model runs here: prompt processing and decoding rates per thread count,
 * peak resident memory, and decoding against the memory-bandwidth bound (bytes of weights read per
 * token over the measured read bandwidth). Behind {@code groundwork model bench} and {@code bench/run
 * model}.
 */
package dev.groundwork.runtime.benchmark;
