package dev.accel.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * The cost of calling native code, three ways each: a {@code java.lang.foreign} downcall (how Accel's bindings
 * call vendor libraries), JNI calling the same C function (the classic way; {@link JniCalls}), and plain Java
 * doing the same work without a native transition (the floor). Three calls: an empty function
 * ({@code *Noop}), a sum of 1 KiB of ints in an off-heap segment ({@code *Segment}; JNI gets the address), and
 * the same sum over a heap {@code int[]} ({@code *Heap}; FFM: a heap segment through a downcall linked with
 * {@link java.lang.foreign.Linker.Option#critical(boolean) critical(true)}, JNI:
 * {@code GetPrimitiveArrayCritical}).
 *
 * <p>Scores are nanoseconds per call (lower is better); the report compares each FFM method with the JNI and
 * Java methods of the same name suffix. The C library is built by the module's build with gcc
 * ({@code src/main/c/build.sh}); without gcc the trial fails in {@code @Setup} with the reason. Each sum is
 * checked against the expected value after the trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class NativeCallBenchmark {
    /** Ints summed by the {@code *Segment} and {@code *Heap} methods: 1 KiB. */
    static final int INTS = 256;

    private NativeCallLibrary library;
    private Arena arena;
    private MemorySegment offHeap;
    private int[] heap;
    private MemorySegment heapSegment;
    private long expectedSum;
    private long lastSum;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        library = NativeCallLibrary.load();
        arena = Arena.ofConfined();
        offHeap = arena.allocate(ValueLayout.JAVA_INT, INTS);
        heap = new int[INTS];
        for (int i = 0; i < INTS; i++) {
            heap[i] = i * 7 - 300;
            offHeap.setAtIndex(ValueLayout.JAVA_INT, i, heap[i]);
            expectedSum += heap[i];
        }
        heapSegment = MemorySegment.ofArray(heap);
    }

    /** Fails the trial if any sum the benchmark computed was wrong, so that a broken call cannot look fast. */
    @TearDown(Level.Iteration)
    public void check() throws Throwable {
        long[] sums = {(long) library.sum.invokeExact(offHeap, (long) INTS),
                (long) library.sumCritical.invokeExact(heapSegment, (long) INTS),
                JniCalls.sumAddress(offHeap.address(), INTS), JniCalls.sumArray(heap, INTS), javaSum(heap),
                javaSum(offHeap)};
        for (long s : sums) {
            if (s != expectedSum) {
                throw new IllegalStateException("wrong sum " + s + ", expected " + expectedSum);
            }
        }
        if (lastSum != 0 && lastSum != expectedSum) {
            throw new IllegalStateException("a measured call returned " + lastSum + ", expected " + expectedSum);
        }
        lastSum = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public int ffmNoop() throws Throwable {
        return (int) library.noop.invokeExact();
    }

    @Benchmark
    public int jniNoop() {
        return JniCalls.noop();
    }

    @Benchmark
    public int javaNoop() {
        return javaNoopTarget();
    }

    /** The pure-Java floor: a real (not inlined) call that does nothing. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static int javaNoopTarget() {
        return 0;
    }

    @Benchmark
    public long ffmSegment() throws Throwable {
        return lastSum = (long) library.sum.invokeExact(offHeap, (long) INTS);
    }

    @Benchmark
    public long jniSegment() {
        return lastSum = JniCalls.sumAddress(offHeap.address(), INTS);
    }

    @Benchmark
    public long javaSegment() {
        return lastSum = javaSum(offHeap);
    }

    @Benchmark
    public long ffmHeap() throws Throwable {
        return lastSum = (long) library.sumCritical.invokeExact(heapSegment, (long) INTS);
    }

    @Benchmark
    public long jniHeap() {
        return lastSum = JniCalls.sumArray(heap, INTS);
    }

    @Benchmark
    public long javaHeap() {
        return lastSum = javaSum(heap);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static long javaSum(int[] a) {
        long s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static long javaSum(MemorySegment m) {
        long s = 0;
        for (long i = 0; i < INTS; i++) {
            s += m.getAtIndex(ValueLayout.JAVA_INT, i);
        }
        return s;
    }
}
