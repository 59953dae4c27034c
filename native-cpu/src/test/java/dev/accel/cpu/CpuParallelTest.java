package dev.accel.cpu;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The work splitter and the collapsed iteration space the kernels share. */
class CpuParallelTest {
    @Test
    void everyItemRunsExactlyOnceAndFailuresPropagate() {
        int n = 1 << 18;
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        CpuParallel.forRange(n, 1, true, (from, to) -> {
            for (long i = from; i < to; i++) {
                hits.incrementAndGet((int) i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "item " + i);
        }
        AtomicLong small = new AtomicLong();
        CpuParallel.forRange(10, 1, true, (from, to) -> small.addAndGet(to - from));
        assertEquals(10, small.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CpuParallel.forRange(n, 1, true, (from, to) -> {
            if (to == n) {
                throw new IllegalStateException("last chunk failed");
            }
        }));
        assertEquals("last chunk failed", e.getMessage());
    }

    @Test
    void layoutCollapsesContiguousAxesAndDropsUnitAxes() {
        Layout l = Layout.of(new long[] {2, 1, 3, 4}, new long[] {12, 99, 4, 1}, new long[] {0, 5, 0, 1});
        assertArrayEquals(new long[] {6, 4}, l.shape); // the unit axis dropped, [2, 3] merged; B broadcasts rows
        assertArrayEquals(new long[] {4, 1}, l.strides[0]);
        assertArrayEquals(new long[] {0, 1}, l.strides[1]);
        Layout contiguous = Layout.of(new long[] {5, 6, 7}, new long[] {42, 7, 1});
        assertArrayEquals(new long[] {210}, contiguous.shape);
        Layout scalar = Layout.of(new long[] {});
        assertArrayEquals(new long[] {1}, scalar.shape);
        // spans that start and end inside rows visit every element once, at the right offsets
        Layout t = Layout.of(new long[] {3, 5}, new long[] {1, 3});
        long[] seen = new long[15];
        t.forSpans(2, 13, new long[] {100}, (off, len) -> {
            for (long j = 0; j < len; j++) {
                seen[(int) (off[0] - 100 + j * t.innerStride(0))]++;
            }
        });
        long visited = 0;
        for (long s : seen) {
            visited += s;
        }
        assertEquals(11, visited);
        assertEquals(0, seen[0]); // element (0, 0)
        assertEquals(1, seen[3 * 2]); // element (0, 2), the first in range
    }
}
