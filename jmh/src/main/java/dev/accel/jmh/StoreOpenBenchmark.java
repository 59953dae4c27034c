package dev.accel.jmh;

import dev.accel.memory.MemoryScope;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.MappedFile;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code ModelStore.open(cid, scope)} of a file whose materialized copy already exists (the steady state
 * after the first open), then closing the scope (unmapping), for files of 1 MiB to 4 GiB: microseconds per
 * open+close, expected flat in the size since no byte is copied or hashed. The file is made per fork from a
 * repeating pattern (1 MiB blocks that differ only in their first 8 bytes, so the store holds every block),
 * imported with {@code unixfs-v1-2025} and opened once to materialize it. Sizes the disk has no room for
 * (blocks plus materialized copy, twice the size, plus 2 GiB of headroom) fail in setup with a message
 * saying so, and JMH goes on with the others.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class StoreOpenBenchmark {
    @Param({"1048576", "67108864", "1073741824", "4294967296"})
    public long size;

    private Path root;
    private ModelStore store;
    private Cid cid;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path base = Path.of(System.getProperty("accel.bench.dir", System.getProperty("java.io.tmpdir")));
        long free = Files.getFileStore(base).getUsableSpace();
        long needed = 2 * size + (2L << 30);
        if (free < needed) {
            throw new IllegalStateException("StoreOpenBenchmark: skipping size=" + size + ": " + base + " has "
                    + (free >> 20) + " MiB free; the blocks and the materialized copy need " + (needed >> 20) + " MiB with headroom");
        }
        root = Files.createTempDirectory(base, "accel-open-bench-");
        store = ModelStore.open(root);
        cid = store.add(new PatternStream(size), ImportProfile.UNIXFS_V1_2025, true, n -> {
        }).cid();
        try (MemoryScope scope = MemoryScope.confined()) {
            MappedFile f = store.open(cid, scope); // materializes once
            if (f.size() != size) {
                throw new IllegalStateException("mapped " + f.size() + " bytes, expected " + size);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (store != null) {
            store.close();
        }
        StoreImportBenchmark.deleteTree(root);
    }

    @Benchmark
    public long openAndClose() {
        try (MemoryScope scope = MemoryScope.confined()) {
            return store.open(cid, scope).size();
        }
    }

    /** {@code size} bytes: 1 MiB blocks of zeros, each starting with its index (so blocks differ). */
    static final class PatternStream extends InputStream {
        private final long size;
        private long pos;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            for (int i = 0; i < n; i++) {
                long p = pos + i;
                long inBlock = p & ((1 << 20) - 1);
                if (inBlock < 8) {
                    b[off + i] = (byte) ((p >>> 20) >>> (8 * inBlock));
                } else {
                    int skip = (int) Math.min(n - i, (1 << 20) - inBlock) - 1;
                    i += skip;
                }
            }
            pos += n;
            return n;
        }
    }
}
