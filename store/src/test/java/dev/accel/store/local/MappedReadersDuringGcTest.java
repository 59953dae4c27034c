package dev.accel.store.local;

import dev.accel.memory.MemoryScope;
import dev.accel.store.cid.Cid;
import dev.accel.store.testing.TestData;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads map and read pinned files while another thread adds garbage and collects it, for
 * {@code reliability.rounds} GC rounds (default 40): every read sees the right bytes, nothing pinned is
 * lost, and a mapping of a file that GC removes stays readable until its scope closes.
 */
class MappedReadersDuringGcTest {
    private static final int ROUNDS = Integer.getInteger("reliability.rounds", 40);

    @TempDir
    Path tmp;

    private static byte[] bytes(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void readersOfMappedFilesAndGcRunTogether() throws Exception {
        Path root = tmp.resolve("store");
        int files = 4;
        List<Cid> pinned = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        try (ModelStore store = ModelStore.open(root)) {
            for (int i = 0; i < files; i++) {
                int size = 200_000 + i * 700_001;
                expected.add(TestData.bytes(i, size));
                pinned.add(store.add(TestData.stream(i, size), ImportProfile.DEFAULT, true, n -> { }).cid());
            }
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            AtomicLong gcs = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(7);
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int first = t;
                readers.add(pool.submit(() -> {
                    for (int i = first; !done.get(); i++) {
                        int k = i % files;
                        try (MemoryScope scope = MemoryScope.confined()) {
                            MappedFile f = store.open(pinned.get(k), scope);
                            assertArrayEquals(expected.get(k), bytes(f.segment()), "file " + k);
                        }
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            Future<?> collector = pool.submit(() -> {
                for (int r = 0; r < ROUNDS; r++) {
                    Cid garbage = store.add(TestData.stream(10_000 + r, 300_000), ImportProfile.DEFAULT, false, n -> { }).cid();
                    if (r % 2 == 0) {
                        // a file nothing pins, mapped, then collected while mapped: the mapping stays readable
                        try (MemoryScope scope = MemoryScope.confined()) {
                            MappedFile f = store.open(garbage, scope);
                            store.gc(n -> { });
                            assertFalse(Files.exists(f.path()), "gc removed the unpinned materialized file");
                            assertArrayEquals(TestData.bytes(10_000 + r, 300_000), bytes(f.segment()));
                        }
                    } else {
                        store.gc(n -> { });
                    }
                    gcs.incrementAndGet();
                }
                return null;
            });
            collector.get(5, TimeUnit.MINUTES);
            done.set(true);
            for (Future<?> r : readers) {
                r.get(1, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertEquals(ROUNDS, gcs.get());
            assertTrue(reads.get() >= 6, "readers ran");
            for (Cid c : pinned) {
                assertTrue(store.firstMissing(c).isEmpty());
            }
            assertTrue(store.verify(false, n -> { }).ok());
            System.out.printf("mapped readers during gc: %d gc rounds, %d mapped reads of pinned files, all correct%n", gcs.get(), reads.get());
        }
    }
}
