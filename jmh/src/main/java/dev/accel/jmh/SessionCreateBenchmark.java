package dev.accel.jmh;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelRuntime;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.store.local.MappedFile;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Creating an ONNX Runtime session for all-MiniLM-L6-v2 (f32, 91.0 MB = 86.8 MiB), from where the model bytes are to
 * a session ready to run, closed after each operation (outside the measured time). Variants
 * ({@code from}):
 * <ul>
 *   <li>{@code store-mapped}: Accel's path: {@code ModelStore.open(cid)} maps the store's materialized file
 *       (zero-copy), {@code ModelRuntimes.forFormat("onnx").open(memory, options)} hands ONNX Runtime a
 *       direct {@code ByteBuffer} over the mapping and reads the signature and metadata; the mapping is
 *       released when the session exists;</li>
 *   <li>{@code ort-mapped}: the same mapping handed to {@code OrtEnvironment.createSession(ByteBuffer, options)}
 *       directly, without Accel's runtime (separates Accel's wrapper from the choice of source);</li>
 *   <li>{@code path}: {@code OrtEnvironment.createSession(String path, options)} on the same file (ONNX
 *       Runtime reads it natively);</li>
 *   <li>{@code bytes}: {@code Files.readAllBytes} of the same file, then
 *       {@code OrtEnvironment.createSession(byte[], options)}: the usual way to load a model that is not a
 *       plain file (a resource, a download), which puts a full copy of the model in the Java heap.</li>
 * </ul>
 * Options are the same for all (optimization ALL, 1 intra-op and 1 inter-op thread, CPU provider with the
 * arena allocator). Run it with {@code -prof gc}: {@code gc.alloc.rate.norm} is the Java heap allocated per
 * creation, which is the figure for the goal "no extra copy of the model in the Java heap". The
 * native memory ONNX Runtime takes (its own copy of the weights, in every variant) is not visible to JMH;
 * {@link SessionRssProbe} measures the resident set per variant in a fresh JVM.
 *
 * <p>The file is read from the page cache in every variant (the store's first open materialized it and
 * setup maps it once), so no variant pays for disk reads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xms1g", "-Xmx1g"})
public class SessionCreateBenchmark {
    /** Where the session is created from: {@code store-mapped}, {@code ort-mapped}, {@code path} or {@code bytes}. */
    @Param({"store-mapped", "ort-mapped", "path", "bytes"})
    public String from;

    private ModelFixture fixture;
    private ModelRuntime runtime;
    private SessionOptions options;
    private OrtEnvironment env;
    private OrtSession.SessionOptions ortOptions;
    private Path file;
    private long fileSize;
    private AutoCloseable created;

    @Setup(Level.Trial)
    public void setUp() throws OrtException, IOException {
        fixture = ModelFixture.open();
        file = fixture.modelPath();
        fileSize = Files.size(file);
        options = SessionOptions.defaults().withIntraOpThreads(1).withInterOpThreads(1);
        runtime = ModelRuntimes.forFormat("onnx");
        env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "accel");
        ortOptions = ortOptions(options);
        Files.readAllBytes(file); // warm the page cache for every variant
        System.out.println("# model " + file + " (" + fileSize + " bytes), from " + from);
    }

    /** The ONNX Runtime options Accel's runtime sets for {@code options} (CPU, optimization ALL). */
    static OrtSession.SessionOptions ortOptions(SessionOptions options) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setIntraOpNumThreads(options.intraOpThreads());
        so.setInterOpNumThreads(options.interOpThreads());
        so.addCPU(true);
        return so;
    }

    @TearDown(Level.Invocation)
    public void closeSession() throws Exception {
        if (created == null) {
            throw new IllegalStateException("no session was created");
        }
        created.close();
        created = null;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ortOptions.close();
        fixture.close();
    }

    @Benchmark
    public Object create() throws OrtException, IOException {
        switch (from) {
            case "store-mapped" -> {
                try (MemoryScope scope = MemoryScope.confined()) {
                    MappedFile model = fixture.mapModel(scope);
                    ModelSession s = runtime.open(model.memory(), options);
                    created = s;
                    return s.signature();
                }
            }
            case "ort-mapped" -> {
                try (MemoryScope scope = MemoryScope.confined()) {
                    MappedFile model = fixture.mapModel(scope);
                    OrtSession s = env.createSession(model.segment().asByteBuffer(), ortOptions);
                    created = s;
                    return s.getInputNames();
                }
            }
            case "path" -> {
                OrtSession s = env.createSession(file.toString(), ortOptions);
                created = s;
                return s.getInputNames();
            }
            case "bytes" -> {
                byte[] bytes = Files.readAllBytes(file);
                OrtSession s = env.createSession(bytes, ortOptions);
                created = s;
                return s.getInputNames();
            }
            default -> throw new IllegalArgumentException("from must be store-mapped, ort-mapped, path or bytes: " + from);
        }
    }
}
