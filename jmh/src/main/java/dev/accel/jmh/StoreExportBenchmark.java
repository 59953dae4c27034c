package dev.accel.jmh;

import dev.accel.memory.MemoryScope;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Streaming a whole file out of the store ({@code cat}): a {@code size}-byte file of random data imported with
 * {@code unixfs-v1-2025} into an on-disk store (blocks in the page cache), read through
 * {@code UnixFsFile.newInputStream()} into a discarding stream. Every block is read and verified (SHA-256),
 * so {@link Sha256Benchmark} is the limit; the second anchor, {@code plainFile}, reads the materialized
 * copy of the same file with a {@link FileChannel} (page cache to a 1 MiB buffer, no hashing).
 * Primary score: files per second; secondary {@code bytes}: bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class StoreExportBenchmark {
    @Param({"268435456"})
    public long size;

    private Path dir;
    private ModelStore store;
    private Cid cid;
    private Path materialized;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    /** Bytes streamed, reported by JMH as a rate next to the primary score. */
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
        dir = Files.createTempDirectory(Path.of(System.getProperty("accel.bench.dir", System.getProperty("java.io.tmpdir"))),
                "accel-export-bench-");
        Path input = dir.resolve("input.bin");
        StoreImportBenchmark.writeRandom(input, size, 13);
        store = ModelStore.open(dir.resolve("store"));
        cid = store.add(input, ImportProfile.UNIXFS_V1_2025, true, n -> {
        }).cid();
        Files.delete(input);
        try (MemoryScope scope = MemoryScope.confined()) {
            materialized = store.open(cid, scope).path();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        StoreImportBenchmark.deleteTree(dir);
    }

    @Benchmark
    public long cat(Bytes bytes) throws IOException {
        try (InputStream in = store.openFile(cid).newInputStream()) {
            long n = in.transferTo(OutputStream.nullOutputStream());
            bytes.bytes += n;
            return n;
        }
    }

    @Benchmark
    public long plainFile(Bytes bytes) throws IOException {
        long n = 0;
        try (FileChannel ch = FileChannel.open(materialized, StandardOpenOption.READ)) {
            int r;
            while ((r = ch.read(buffer.clear())) >= 0) {
                n += r;
            }
        }
        bytes.bytes += n;
        return n;
    }
}
