/**
 * JMH benchmarks, one class per thing measured, each against a reference where one exists:
 * <ul>
 *   <li>{@link dev.accel.jmh.MatmulBenchmark}: f32 GEMM, Accel's CPU kernel against OpenBLAS
 *       {@code cblas_sgemm}, in GFLOP/s.</li>
 *   <li>{@link dev.accel.jmh.ElementwiseAddBenchmark}: f32 {@code a + b} through the public
 *       {@link dev.accel.backend.Ops} API, against the memory bandwidth the same machine reaches
 *       copying the same bytes, in GB/s.</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Run them with {@code scripts/bench.sh} ({@code --help}): it builds {@code jmh/target/benchmarks.jar},
 *       runs it on the class path and stores JMH's JSON and a description of the machine in
 *       {@code docs/benchmarks/}. A new class runs in {@code --full}; add it to the script's quick
 *       selection if it belongs there.</li>
 *   <li>Forks get {@code --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED} through
 *       {@code @Fork(jvmArgsAppend = ...)}: copy that line to a new class.</li>
 *   <li>Report a rate in the unit people compare (FLOP/s, bytes/s) as an {@code @AuxCounters} secondary metric
 *       next to JMH's primary score, and say in the class comment how one converts to the other.</li>
 *   <li>A reference library that is missing makes its benchmark fail in {@code @Setup} with the reason
 *       (or the script skips it); never substitute a number. Check the result of the measured code after
 *       the trial, so that a broken kernel fails instead of looking fast.</li>
 * </ul>
 */
package dev.accel.jmh;
