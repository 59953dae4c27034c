package dev.accel.jmh;

import dev.accel.cpu.CpuKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Square f32 matrix product {@code C = A x B} ({@code n x n}, row-major, 64-byte aligned native memory):
 * Accel's CPU GEMM ({@link CpuKernels#sgemm}, the kernel behind {@code Ops.matmul}; {@code using=accel})
 * against OpenBLAS's {@code cblas_sgemm} on the same data ({@code using=openblas}), both limited to
 * {@code threads} threads.
 *
 * <p>The library is a parameter rather than a second benchmark method so that JMH runs the two cases of
 * each size and thread count one after the other (JMH varies the parameter whose name sorts last fastest:
 * {@code using}); on a shared machine whose load changes from minute to minute, that keeps each pair of
 * numbers comparable.
 *
 * <h2>Reading the numbers</h2>
 * The primary score is products per second. The secondary metric {@code flop} is the same rate counted in
 * floating-point operations ({@code 2 n^3} per product, the usual GEMM convention), so
 * {@code GFLOP/s = flop / 1e9 = score * 2 n^3 / 1e9}; JMH gives both with the same relative error.
 * {@code scripts/bench.sh} prints the GFLOP/s table from the JSON.
 *
 * <h2>Honesty checks</h2>
 * The OpenBLAS benchmark fails in its setup (and reports no number) when the library is missing or does
 * not accept the thread count. After each trial, sampled elements of {@code C} are compared with a
 * float64 computation, so a kernel that returned early would fail rather than look fast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g"})
public class MatmulBenchmark {
    @Param({"512", "1024", "2048"})
    public int n;

    /** Threads each library may use (the benchmark thread included). */
    @Param({"1", "2"})
    public int threads;

    /** Which GEMM runs: {@code accel} or {@code openblas}. */
    @Param({"accel", "openblas"})
    public String using;

    private Arena arena;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private OpenBlas openBlas;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared(); // shared: Accel's worker threads may read and write it
        long bytes = (long) n * n * Float.BYTES;
        a = arena.allocate(bytes, 64);
        b = arena.allocate(bytes, 64);
        c = arena.allocate(bytes, 64);
        SplittableRandom rnd = new SplittableRandom(42);
        for (long i = 0; i < (long) n * n; i++) {
            a.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (rnd.nextDouble() * 2 - 1));
            b.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (rnd.nextDouble() * 2 - 1));
        }
        switch (using) {
            case "accel" -> openBlas = null;
            case "openblas" -> {
                openBlas = OpenBlas.load(); // throws, naming where it looked, when OpenBLAS is not installed
                openBlas.setThreads(threads);
                System.out.println("# OpenBLAS " + openBlas.config() + " from " + openBlas.origin());
            }
            default -> throw new IllegalArgumentException("using must be accel or openblas: " + using);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            checkSampledElements();
        } finally {
            if (openBlas != null) {
                openBlas.close();
                openBlas = null;
            }
            arena.close();
        }
    }

    @Benchmark
    public void sgemm(FlopCounter flops) {
        if (openBlas == null) {
            CpuKernels.sgemm(threads, n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, 1, false);
        } else {
            openBlas.sgemm(n, n, n, a, b, c);
        }
        flops.flop += 2L * n * n * n;
    }

    /** Compares 64 sampled elements of {@code C} with float64 dot products ({@link ProductCheck}). */
    private void checkSampledElements() {
        ProductCheck.check(using + " (n=" + n + ", threads=" + threads + ")", n, n, n,
                (r, col) -> a.getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * n + col),
                (r, col) -> b.getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * n + col),
                (r, col) -> c.getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * n + col));
    }
}
