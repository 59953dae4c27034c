/**
 * JMH benchmarks, one class per thing measured, each against an anchor (a peer library doing the same work,
 * or the physical limit of the machine) measured in the same run:
 * <ul>
 *   <li>{@link dev.accel.jmh.NativeCallBenchmark}: the cost of a native call (empty, passing an off-heap
 *       segment, a critical downcall with a heap array) through {@code java.lang.foreign}, against JNI calling
 *       the same C function ({@link dev.accel.jmh.JniCalls}) and plain Java; the C library is built by the
 *       module's build with gcc ({@code src/main/c}).</li>
 *   <li>{@link dev.accel.jmh.MatmulBenchmark}: f32 GEMM, Accel's CPU kernel against OpenBLAS
 *       {@code cblas_sgemm}, in GFLOP/s.</li>
 *   <li>{@link dev.accel.jmh.ElementwiseAddBenchmark}, {@link dev.accel.jmh.SoftmaxBenchmark},
 *       {@link dev.accel.jmh.LayerNormBenchmark}: memory-bound ops through the public
 *       {@link dev.accel.backend.Ops} API, against the bandwidth the same machine reaches copying the same
 *       bytes, in GB/s.</li>
 *   <li>{@code Store*Benchmark}, {@link dev.accel.jmh.Sha256Benchmark}: store import (anchor: the JDK's SHA-256
 *       rate), {@code open} of a mapped file, random reads, export.</li>
 *   <li>{@link dev.accel.jmh.SessionCreateBenchmark}, {@link dev.accel.jmh.EmbeddingBenchmark},
 *       {@link dev.accel.jmh.BertEngineBenchmark}: model load and MiniLM embeddings against ONNX Runtime's Java
 *       API called directly.</li>
 *   <li>Paired probes, plain {@code main} programs beside JMH ({@link dev.accel.jmh.EmbeddingPairedProbe},
 *       {@link dev.accel.jmh.EnginePairedProbe}): both sides in one JVM, single calls alternating, the ratio
 *       taken pair by pair, where the drift of a shared machine between JMH's forks would hide or fake a
 *       difference.</li>
 *   <li>{@link dev.accel.jmh.EngineReferenceWriter}: not a measurement; writes ONNX Runtime's embeddings for
 *       {@code scripts/gpu-bundle.sh --engine}, against which the engine is checked on a GPU machine.</li>
 * </ul>
 * {@code src/main/python/cuda_anchor.py} measures the PyTorch side of the CUDA rows and writes JMH's JSON
 * format. {@link dev.accel.jmh.report} turns the stored results into {@code docs/benchmarks.md}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Run them with {@code scripts/bench.sh} ({@code --help}): it builds {@code jmh/target/benchmarks.jar},
 *       runs it on the class path, stores JMH's JSON and a description of the machine in
 *       {@code docs/benchmarks/} and regenerates the report. A new class runs in {@code --full}; give it a
 *       quick part in the script, a group in {@link dev.accel.jmh.report} and a line in
 *       {@code docs/benchmarks/report-template.md}.</li>
 *   <li>Forks get {@code --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED} through
 *       {@code @Fork(jvmArgsAppend = ...)}: copy that line to a new class. Two forks at least: one JVM's
 *       compilation decisions are one sample.</li>
 *   <li>Report a rate in the unit people compare (FLOP/s, bytes/s) as an {@code @AuxCounters} secondary metric
 *       next to JMH's primary score, and say in the class comment how one converts to the other.</li>
 *   <li>A reference library that is missing makes its benchmark fail in {@code @Setup} with the reason
 *       (or the script skips it); never substitute a number. Check the result of the measured code after
 *       the trial, so that a broken kernel fails instead of looking fast.</li>
 * </ul>
 */
package dev.accel.jmh;
