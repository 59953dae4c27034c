package dev.accel.jmh;

import dev.accel.backend.Backends;
import dev.accel.backend.Ops;
import dev.accel.backend.PreparedMatrix;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
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

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One layer's product with a constant weight, {@code y[m, n] = x[m, k] W[k, n]}, on the CPU through the public
 * op set: {@code Ops.matmul} with a matrix prepared once by {@code Ops.prepare} ({@code using=prepared}, the
 * packed panels), the plain {@code Ops.matmul} with the weight tensor ({@code using=plain}, which packs the
 * weight inside every product, or reads it in place at up to 16 rows), and OpenBLAS's {@code cblas_sgemm} on
 * the same data ({@code using=openblas}, both cores). The shapes are MiniLM's intermediate layer
 * ({@code k = 384, n = 1536}) at batch 1 ({@code m = 16} tokens) and batch 32 ({@code m = 608}).
 *
 * <p>Both operands are contiguous f32 in 64-byte aligned native memory. The primary score is products per
 * second, the secondary {@code flop} the same rate in floating-point operations ({@code 2 m n k} each). After
 * each trial sampled elements are compared with float64 dot products ({@link ProductCheck}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g"})
public class LinearBenchmark {
    /** Rows of {@code x}: tokens in the batch. */
    @Param({"16", "608"})
    public int m;

    /** {@code k x n} of the weight. */
    @Param({"384x1536"})
    public String weight;

    /** {@code prepared}, {@code plain} or {@code openblas}. */
    @Param({"prepared", "plain", "openblas"})
    public String using;

    private int k;
    private int n;
    private MemoryScope scope;
    private Ops ops;
    private Tensor x;
    private Tensor w;
    private Tensor y;
    private PreparedMatrix prepared;
    private OpenBlas openBlas;

    @Setup(Level.Trial)
    public void setUp() {
        String[] kn = weight.split("x");
        k = Integer.parseInt(kn[0]);
        n = Integer.parseInt(kn[1]);
        scope = MemoryScope.shared(); // shared: the CPU ops may use both cores
        ops = Backends.device("cpu").ops();
        x = Tensor.zeros(scope, DType.F32, m, k);
        w = Tensor.zeros(scope, DType.F32, k, n);
        y = Tensor.zeros(scope, DType.F32, m, n);
        SplittableRandom rnd = new SplittableRandom(42);
        fill(x.asSegment(), rnd);
        fill(w.asSegment(), rnd);
        switch (using) {
            case "prepared" -> prepared = ops.prepare(w, scope);
            case "plain" -> { }
            case "openblas" -> {
                openBlas = OpenBlas.load(); // throws, naming where it looked, when OpenBLAS is not installed
                openBlas.setThreads(Runtime.getRuntime().availableProcessors());
            }
            default -> throw new IllegalArgumentException("using must be prepared, plain or openblas: " + using);
        }
    }

    private static void fill(MemorySegment s, SplittableRandom rnd) {
        for (long i = 0; i < s.byteSize() / Float.BYTES; i++) {
            s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) (rnd.nextDouble() * 2 - 1));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            checkSampledElements();
        } finally {
            if (openBlas != null) {
                openBlas.close();
            }
            scope.close();
        }
    }

    @Benchmark
    public void product(FlopCounter flops) {
        switch (using) {
            case "prepared" -> ops.matmul(x, prepared, y);
            case "plain" -> ops.matmul(x, w, y);
            default -> openBlas.sgemm(m, n, k, x.asSegment(), w.asSegment(), y.asSegment());
        }
        flops.flop += 2L * m * n * k;
    }

    private void checkSampledElements() {
        ProductCheck.check(using + " (m=" + m + ", weight " + weight + ")", m, n, k, x::getDouble, w::getDouble, y::getDouble);
    }
}
