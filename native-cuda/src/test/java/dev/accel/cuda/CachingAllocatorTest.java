package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachingAllocatorTest {

    /** A fake device: addresses from a counter, a capacity, and a log of calls. */
    static final class FakeDevice implements CachingAllocator.Backing {
        final long capacity;
        long used;
        long next = 0x10000;
        final Map<Long, Long> live = new HashMap<>();
        int allocations;
        int frees;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                throw new AccelException(ErrorCode.OUT_OF_MEMORY, "fake device full");
            }
            allocations++;
            used += bytes;
            long a = next;
            next += bytes;
            live.put(a, bytes);
            return a;
        }

        @Override
        public void free(long address, long bytes) {
            Long size = live.remove(address);
            assertEquals(bytes, size, "freed with the size it was allocated with");
            used -= bytes;
            frees++;
        }
    }

    @Test
    void sizeClasses() {
        assertEquals(512, CachingAllocator.sizeClass(0));
        assertEquals(512, CachingAllocator.sizeClass(1));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(1 << 20, CachingAllocator.sizeClass(1 << 20));
        assertEquals((1 << 20) + (1 << 18), CachingAllocator.sizeClass((1 << 20) + 1));
        assertEquals(1L << 30, CachingAllocator.sizeClass(1L << 30));
        assertEquals(3L << 28, CachingAllocator.sizeClass((1L << 29) + (1L << 28) - 5));
        for (long n = 1; n < (1L << 34); n = n * 3 + 7) {
            long c = CachingAllocator.sizeClass(n);
            assertTrue(c >= n, n + " -> " + c);
            assertTrue(n <= 512 || c <= n + Math.max(511, n / 4), "at most 25% waste above 1 MiB: " + n + " -> " + c);
        }
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.sizeClass(-1));
    }

    @Test
    void releasedBlocksAreReusedWithoutNewAllocations() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator a = new CachingAllocator(dev, "fake:0");
        CachingAllocator.Block b1 = a.allocate(1000);
        a.release(b1, CachingAllocator.Fence.NONE);
        CachingAllocator.Block b2 = a.allocate(900);       // same class (1024)
        assertEquals(b1.address(), b2.address());
        assertEquals(1, dev.allocations, "the second allocation came from the cache");
        CachingAllocator.Block b3 = a.allocate(5000);      // other class
        assertNotEquals(b2.address(), b3.address());
        CachingAllocator.Stats s = a.stats();
        assertEquals(1, s.hits());
        assertEquals(2, s.misses());
        assertEquals(1024 + 5120, s.liveBytes());
        assertEquals(0, s.cachedBytes());
    }

    @Test
    void reuseWaitsForTheFence() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator a = new CachingAllocator(dev, "fake:0");
        List<String> log = new ArrayList<>();
        CachingAllocator.Block b = a.allocate(4096);
        a.release(b, () -> log.add("fence awaited"));
        assertTrue(log.isEmpty(), "release does not wait");
        a.allocate(4096);
        assertEquals(List.of("fence awaited"), log);
    }

    @Test
    void emptyCacheFreesCachedBlocksOnly() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator a = new CachingAllocator(dev, "fake:0");
        CachingAllocator.Block keep = a.allocate(1 << 20);
        CachingAllocator.Block drop = a.allocate(3 << 20);
        a.release(drop, CachingAllocator.Fence.NONE);
        assertEquals(3L << 20, a.stats().cachedBytes());
        assertEquals(3L << 20, a.emptyCache());
        assertEquals(1, dev.frees);
        assertEquals(0, a.stats().cachedBytes());
        assertTrue(dev.live.containsKey(keep.address()));
    }

    @Test
    void outOfMemoryFreesTheCacheAndRetriesOnce() {
        FakeDevice dev = new FakeDevice(10L << 20);
        CachingAllocator a = new CachingAllocator(dev, "fake:0");
        CachingAllocator.Block b = a.allocate(6L << 20);
        a.release(b, CachingAllocator.Fence.NONE);        // 6 MiB cached, device "full" for 8 MiB
        CachingAllocator.Block big = a.allocate(8L << 20);
        assertEquals(1, a.stats().retriesAfterOom());
        assertEquals(0, a.stats().cachedBytes());
        assertEquals(8L << 20, big.size());

        AccelException e = assertThrows(AccelException.class, () -> a.allocate(4L << 20));
        assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
        assertTrue(e.getMessage().contains("4194304 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("fake:0"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(8L << 20)), "names the live bytes: " + e.getMessage());
    }

    @Test
    void otherErrorsAreNotRetried() {
        CachingAllocator a = new CachingAllocator(new CachingAllocator.Backing() {
            @Override
            public long allocate(long bytes) {
                throw new AccelException(ErrorCode.NATIVE_ERROR, "context destroyed");
            }

            @Override
            public void free(long address, long bytes) {
            }
        }, "fake:0");
        assertEquals(ErrorCode.NATIVE_ERROR, assertThrows(AccelException.class, () -> a.allocate(10)).code());
        assertEquals(0, a.stats().retriesAfterOom());
    }

    @Test
    void closeFreesTheCacheAndLaterReleasesDirectly() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator a = new CachingAllocator(dev, "fake:0");
        CachingAllocator.Block live = a.allocate(100);
        CachingAllocator.Block cached = a.allocate(100_000);
        a.release(cached, CachingAllocator.Fence.NONE);
        a.close();
        assertEquals(1, dev.frees);
        a.release(live, CachingAllocator.Fence.NONE);
        assertEquals(2, dev.frees);
        assertTrue(dev.live.isEmpty());
        assertThrows(IllegalStateException.class, () -> a.allocate(1));
        a.close();
    }
}
