package dev.accel.jmh;

import dev.accel.memory.MemoryScope;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.UnixFsFile;
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
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Random 4 KiB reads (uniform offsets, 4 KiB aligned) from a {@code size}-byte file of random data imported
 * with {@code unixfs-v1-2025} into an on-disk store whose blocks are in the page cache:
 * <ul>
 *   <li>{@code exporter}: {@link UnixFsFile#read(long, byte[], int, int)}, which walks the DAG and reads the
 *       1 MiB leaf holding the range, verifying it (the exporter keeps 16 MiB of verified nodes; a file larger
 *       than that mostly misses);</li>
 *   <li>{@code mapped}: a copy out of the segment of {@code ModelStore.open(cid, scope)} (the materialized,
 *       mapped file), the anchor: the zero-copy path's cost for the same read.</li>
 * </ul>
 * Microseconds per read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class StoreReadBenchmark {
    static final int READ = 4096;

    @Param({"268435456"})
    public long size;

    private Path dir;
    private ModelStore store;
    private MemoryScope scope;
    private UnixFsFile file;
    private MemorySegment mapped;
    private final byte[] dst = new byte[READ];
    private final SplittableRandom rnd = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("accel.bench.dir", System.getProperty("java.io.tmpdir"))),
                "accel-read-bench-");
        Path input = dir.resolve("input.bin");
        StoreImportBenchmark.writeRandom(input, size, 11);
        store = ModelStore.open(dir.resolve("store"));
        Cid cid = store.add(input, ImportProfile.UNIXFS_V1_2025, true, n -> {
        }).cid();
        Files.delete(input);
        file = store.openFile(cid);
        scope = MemoryScope.shared();
        mapped = store.open(cid, scope).segment();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        scope.close();
        store.close();
        StoreImportBenchmark.deleteTree(dir);
    }

    private long offset() {
        return rnd.nextLong(size / READ) * READ;
    }

    @Benchmark
    public byte[] exporter() {
        file.read(offset(), dst, 0, READ);
        return dst;
    }

    @Benchmark
    public byte[] mapped() {
        MemorySegment.copy(mapped, ValueLayout.JAVA_BYTE, offset(), dst, 0, READ);
        return dst;
    }
}
