package dev.accel.jmh;

import dev.accel.backend.Backends;
import dev.accel.backend.Ops;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What {@link SoftmaxBenchmark} and {@link LayerNormBenchmark} share: an f32 {@code rows × cols} input, the
 * output, and the memory-bandwidth anchor {@link #copyBandwidth}, which copies the input to the output with
 * {@link MemorySegment#copy} (one thread) in the same run. Both ops must read the input and write the output at
 * least once, 8 bytes per element, the same traffic as the copy: the secondary metric {@code bytes} counts
 * those 8 bytes per element as a rate ({@code GB/s = bytes / 1e9}). {@code cols = 384} (MiniLM's hidden size,
 * 6 MiB per tensor) stays in a typical L3 cache, {@code cols = 4096} (64 MiB) does not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1) // the first iteration runs the Vector API code before C2 compiles it
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g"})
public abstract class RowOpBenchmark {
    @Param({"4096"})
    public int rows;

    @Param({"384", "4096"})
    public int cols;

    MemoryScope scope;
    Ops ops;
    Tensor x;
    Tensor out;

    /** Bytes moved, reported by JMH as a rate next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        scope = MemoryScope.shared(); // shared: the CPU backend may split the op over its worker threads
        ops = Backends.device("cpu").ops();
        x = Tensor.zeros(scope, DType.F32, rows, cols);
        out = Tensor.zeros(scope, DType.F32, rows, cols);
        SplittableRandom rnd = new SplittableRandom(42);
        MemorySegment xs = x.memory().hostSegment();
        for (long i = 0; i < (long) rows * cols; i++) {
            xs.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (rnd.nextDouble() * 8 - 4));
        }
        setUpOp();
    }

    /** Creates what the op needs beyond {@code x} and {@code out}. */
    abstract void setUpOp();

    /** Checks row {@code r} of {@code out} against a double-precision reference; throws when it is wrong. */
    abstract void checkRow(int r);

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    /** Checks sampled rows after the op ran, so that a broken op fails instead of looking fast. */
    @TearDown(Level.Iteration)
    public void check(BenchmarkParams params) {
        if (!params.getBenchmark().endsWith(".accel")) {
            return;
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int s = 0; s < 8; s++) {
            checkRow(rnd.nextInt(rows));
        }
    }

    float x(int r, int c) {
        return x.memory().hostSegment().getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * cols + c);
    }

    float out(int r, int c) {
        return out.memory().hostSegment().getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * cols + c);
    }

    static void expectClose(String op, int r, int c, double expected, float got) {
        if (!(Math.abs(got - expected) <= 1e-4 + 1e-4 * Math.abs(expected))) {
            throw new IllegalStateException(op + ": wrong result at [" + r + ", " + c + "]: " + got + ", expected "
                    + expected);
        }
    }

    @Benchmark
    public void copyBandwidth(Bytes moved) {
        MemorySegment.copy(x.memory().hostSegment(), 0, out.memory().hostSegment(), 0, 4L * rows * cols);
        moved.bytes += 8L * rows * cols;
    }
}
