/**
 * Benchmarks of Groundwork on real data, each a main class run by one command (bench/README.md)
 * that writes its results, with the machine they ran on, as JSON under {@code bench/results/}.
 */
package dev.groundwork.bench;
