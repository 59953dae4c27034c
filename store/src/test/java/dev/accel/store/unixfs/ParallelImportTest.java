package dev.accel.store.unixfs;

import dev.accel.store.cid.Cid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hashing leaves on worker threads changes nothing the sink sees: the same blocks, in the same order, on the
 * importer's thread, for a file read through its mapping or as a stream, whatever the parallelism.
 */
class ParallelImportTest {
    record Put(Cid cid, byte[] block, Thread thread) {
    }

    private static List<Put> importAll(ImportProfile profile, int parallelism, byte[] data, Path file) {
        List<Put> puts = new ArrayList<>();
        UnixFsImporter importer = new UnixFsImporter(profile, (cid, block) -> puts.add(new Put(cid, block, Thread.currentThread())),
                parallelism);
        if (file != null) {
            importer.importFile(file);
        } else {
            importer.importFile(new ByteArrayInputStream(data));
        }
        return puts;
    }

    @Test
    void sameBlocksInSameOrderForEveryParallelismAndSource(@TempDir Path dir) throws IOException {
        SplittableRandom rnd = new SplittableRandom(5);
        // 0, 1 byte, one chunk exactly, a multiple of the chunk, and over 174 x 256 KiB (two DAG levels for
        // the 256 KiB profiles)
        int[] sizes = {0, 1, 256 * 1024, 3 * 1024 * 1024, 175 * 256 * 1024 + 12345};
        for (int size : sizes) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            Path file = Files.write(dir.resolve("f" + size), data);
            for (ImportProfile profile : ImportProfile.values()) {
                List<Put> expected = importAll(profile, 1, data, null);
                for (int parallelism : new int[] {1, 2, 3, 8}) {
                    for (Path source : Arrays.asList(null, file)) {
                        List<Put> actual = importAll(profile, parallelism, data, source);
                        String what = profile + " size " + size + " parallelism " + parallelism + (source == null ? " stream" : " file");
                        assertEquals(expected.size(), actual.size(), what);
                        for (int i = 0; i < expected.size(); i++) {
                            assertEquals(expected.get(i).cid(), actual.get(i).cid(), what + " block " + i);
                            assertArrayEquals(expected.get(i).block(), actual.get(i).block(), what + " block " + i);
                            assertSame(Thread.currentThread(), actual.get(i).thread(), what + ": sink called off the importer's thread");
                        }
                    }
                }
            }
        }
    }

    @Test
    void refusesParallelismOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new UnixFsImporter(ImportProfile.DEFAULT, (c, b) -> { }, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new UnixFsImporter(ImportProfile.DEFAULT, (c, b) -> { }, UnixFsImporter.MAX_PARALLELISM + 1));
        assertEquals(UnixFsImporter.DEFAULT_PARALLELISM, new UnixFsImporter(ImportProfile.DEFAULT, (c, b) -> { }).parallelism());
    }

    @Test
    void aFailingSinkStopsTheImportAndItsWorkers(@TempDir Path dir) throws IOException {
        byte[] data = new byte[8 * 1024 * 1024];
        Path file = Files.write(dir.resolve("f"), data);
        int[] calls = {0};
        UnixFsImporter importer = new UnixFsImporter(ImportProfile.DEFAULT, (cid, block) -> {
            if (++calls[0] == 3) {
                throw new IllegalStateException("sink full");
            }
        }, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> importer.importFile(file));
        assertEquals("sink full", e.getMessage());
        assertEquals(3, calls[0]);
    }
}
