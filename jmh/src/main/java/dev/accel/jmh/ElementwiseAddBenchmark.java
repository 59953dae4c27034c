package dev.accel.jmh;

import dev.accel.backend.BinaryOp;
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
 * f32 {@code out = a + b} on contiguous vectors of {@code size} elements through the public API
 * ({@code Backends.device("cpu").ops().binary(ADD, ...)}, which uses every core for large inputs), against
 * the memory bandwidth this machine reaches copying one vector to another ({@link MemorySegment#copy}): an
 * elementwise add is bound by memory traffic, so bytes per second is the number to compare.
 *
 * <p>The primary score is calls per second; the secondary metric {@code bytes} counts the bytes each call
 * must move at least (add: read {@code a} and {@code b}, write {@code out}, {@code 12 * size}; copy:
 * {@code 8 * size}) as a rate, so {@code GB/s = bytes / 1e9}. {@code size = 2^20} (4 MiB per vector) fits in
 * a typical L3 cache; {@code 2^24} (64 MiB per vector) does not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g"})
public class ElementwiseAddBenchmark {
    @Param({"1048576", "16777216"})
    public int size;

    private MemoryScope scope;
    private Ops ops;
    private Tensor a;
    private Tensor b;
    private Tensor out;

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
        a = Tensor.zeros(scope, DType.F32, size);
        b = Tensor.zeros(scope, DType.F32, size);
        out = Tensor.zeros(scope, DType.F32, size);
        SplittableRandom rnd = new SplittableRandom(42);
        MemorySegment as = a.memory().hostSegment();
        MemorySegment bs = b.memory().hostSegment();
        for (long i = 0; i < size; i++) {
            as.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rnd.nextDouble());
            bs.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rnd.nextDouble());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public void accelAdd(Bytes moved) {
        ops.binary(BinaryOp.ADD, a, b, out);
        moved.bytes += 12L * size;
    }

    /** Checks sampled elements after the add runs, so that a broken op fails instead of looking fast. */
    @TearDown(Level.Iteration)
    public void checkAdd(BenchmarkParams params) {
        if (!params.getBenchmark().endsWith(".accelAdd")) {
            return;
        }
        MemorySegment as = a.memory().hostSegment();
        MemorySegment bs = b.memory().hostSegment();
        MemorySegment os = out.memory().hostSegment();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int s = 0; s < 64; s++) {
            long i = rnd.nextLong(size);
            float expected = as.getAtIndex(ValueLayout.JAVA_FLOAT, i) + bs.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            float got = os.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            if (got != expected) {
                throw new IllegalStateException("wrong result: out[" + i + "] = " + got + ", expected " + expected);
            }
        }
    }

    @Benchmark
    public void copyBandwidth(Bytes moved) {
        MemorySegment.copy(a.memory().hostSegment(), 0, out.memory().hostSegment(), 0, 4L * size);
        moved.bytes += 8L * size;
    }
}
