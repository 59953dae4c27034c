package dev.accel.store.local;

import dev.accel.memory.MemoryScope;
import dev.accel.store.cid.Cid;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens a file over 2 GiB as one segment. The content is zeros except a marker every 256 MiB and a
 * distinct tail, so the store keeps only a dozen distinct blocks; the materialized copy takes the full
 * 2.25 GiB. Skipped (with the reason) when the temporary folder's disk has less than 6 GiB free.
 */
class LargeFileTest {
    static final long SIZE = (2L << 30) + (256L << 20) + 12345;

    @TempDir
    Path tmp;

    static byte expected(long pos) {
        if (pos >= SIZE - 12345) {
            return (byte) (pos * 31 + 7);
        }
        return pos % (256L << 20) == 0 ? (byte) (1 + pos / (256L << 20)) : 0;
    }

    static InputStream content() {
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                return pos < SIZE ? expected(pos++) & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= SIZE) {
                    return -1;
                }
                int n = (int) Math.min(len, SIZE - pos);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                for (int i = 0; i < n; i++) {
                    long p = pos + i;
                    if (p % (256L << 20) == 0 || p >= SIZE - 12345) {
                        b[off + i] = expected(p);
                    }
                }
                pos += n;
                return n;
            }
        };
    }

    @Test
    void opensAFileOverTwoGibibytesAsOneSegment() throws IOException {
        long free = Files.getFileStore(tmp).getUsableSpace();
        assumeTrue(free >= 6L << 30, "needs 6 GiB free in " + tmp + ", has " + (free >> 20) + " MiB");
        try (ModelStore store = ModelStore.open(tmp.resolve("store")); MemoryScope scope = MemoryScope.shared()) {
            Cid root = store.add(content(), ImportProfile.DEFAULT, true, l -> {
            }).cid();
            assertTrue(store.stat().blockBytes() < 64L << 20, "zeros de-duplicate");
            MappedFile m = store.open(root, scope);
            assertEquals(SIZE, m.size());
            assertEquals(SIZE, m.segment().byteSize());
            for (long pos : new long[] {0, 1, 256L << 20, (2L << 30) - 1, 2L << 30, (2L << 30) + 1, SIZE - 12345, SIZE - 1}) {
                assertEquals(expected(pos), m.segment().get(ValueLayout.JAVA_BYTE, pos), "byte " + pos);
            }
            long t0 = System.nanoTime();
            MappedFile again = store.open(root, scope);
            assertEquals(SIZE, again.size());
            assertTrue(System.nanoTime() - t0 >= 0);
        }
    }
}
