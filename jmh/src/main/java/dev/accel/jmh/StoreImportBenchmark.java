package dev.accel.jmh;

import dev.accel.store.block.BlockSink;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.ImportedNode;
import dev.accel.store.unixfs.UnixFsImporter;
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

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Import throughput of one file that sits in the page cache ({@code size} bytes of random data, written once
 * per fork and read once before measuring), for each {@link ImportProfile}, with {@code parallelism} hashing
 * threads ({@link UnixFsImporter#UnixFsImporter(ImportProfile, BlockSink, int)}), into:
 * <ul>
 *   <li>{@code sink=discard}: a sink that only counts the blocks, so the score is the importer alone (read,
 *       chunk, hash, encode);</li>
 *   <li>{@code sink=disk}: a fresh on-disk store ({@code ModelStore.blocks()}), followed by its
 *       {@code sync()}, the durable cost a {@code ModelStore.add} pays before it pins (every block written,
 *       forced and renamed into place, folders forced). A new store per call, made and deleted outside the
 *       measured time, so no block is already there.</li>
 * </ul>
 * The anchor is {@link Sha256Benchmark} in the same run: an import hashes every byte once, so its rate is
 * the limit. Primary score: imports per second; secondary {@code bytes}: file bytes imported per second
 * ({@code GB/s = bytes / 1e9}). The temporary folder is {@code -Daccel.bench.dir} (default: java.io.tmpdir).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class StoreImportBenchmark {
    @Param({"unixfs-v1-2025", "cidv1-raw", "kubo-legacy"})
    public String profile;

    @Param({"discard", "disk"})
    public String sink;

    @Param({"1", "2"})
    public int parallelism;

    @Param({"268435456"})
    public long size;

    private Path dir;
    private Path file;
    private ImportProfile importProfile;
    private Path storeRoot;
    private ModelStore store;
    private long blocks;

    /** File bytes imported, reported by JMH as a rate next to the primary score. */
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
    public void setUp() throws IOException {
        importProfile = ImportProfile.byName(profile);
        dir = Files.createTempDirectory(Path.of(System.getProperty("accel.bench.dir", System.getProperty("java.io.tmpdir"))),
                "accel-import-bench-");
        file = dir.resolve("input.bin");
        writeRandom(file, size, 42);
        Files.readAllBytes(file); // into the page cache
    }

    @Setup(Level.Invocation)
    public void freshStore() throws IOException {
        if (sink.equals("disk")) {
            storeRoot = Files.createTempDirectory(dir, "store-");
            store = ModelStore.open(storeRoot);
        }
    }

    @TearDown(Level.Invocation)
    public void dropStore() throws IOException {
        if (store != null) {
            store.close();
            store = null;
            deleteTree(storeRoot);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        deleteTree(dir);
    }

    @Benchmark
    public Cid importFile(Bytes bytes) {
        BlockSink target = store != null ? store.blocks() : (cid, block) -> blocks++;
        ImportedNode node = new UnixFsImporter(importProfile, target, parallelism).importFile(file);
        if (store != null) {
            store.blocks().sync();
        }
        bytes.bytes += node.contentSize();
        return node.cid();
    }

    static void writeRandom(Path file, long size, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                rnd.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
