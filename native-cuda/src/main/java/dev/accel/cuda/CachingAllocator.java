package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A caching allocator for one device's memory, so that repeated allocations of similar sizes do not call
 * {@code cuMemAlloc}/{@code cuMemFree} (which synchronize the device). Sizes are rounded up to a size class
 * (multiples of 512 bytes up to 1 MiB; above that, four classes per power of two, so at most 25% is wasted);
 * a released block goes back to its class's free list, and the next allocation of that class reuses it.
 *
 * <p>A block is released together with a {@link Fence} (normally an event recorded on the device's op stream
 * after all queued work): reusing the block first waits for that fence, so new work never races with old work
 * still reading or writing it.
 *
 * <p>When the device is out of memory, the allocator frees every cached block and retries once; a second
 * failure throws {@link ErrorCode#OUT_OF_MEMORY} with the requested size and the allocator's numbers.
 * Thread-safe. The bookkeeping is pure Java over a {@link Backing} (the driver, or a fake in tests).
 */
public final class CachingAllocator {
    /** Where blocks really come from. */
    public interface Backing {
        /**
         * Allocates {@code bytes} and returns the address.
         *
         * @throws AccelException with {@link ErrorCode#OUT_OF_MEMORY} when the device has no room
         */
        long allocate(long bytes);

        /** Frees a block {@link #allocate} returned. */
        void free(long address, long bytes);
    }

    /** A point after which a released block is no longer used by queued work. */
    public interface Fence {
        /** Blocks until the work before the fence is done. */
        void await();

        /** A fence that is always passed. */
        Fence NONE = () -> { };
    }

    /** One allocated block: its address, its size class, and the size asked for. */
    public record Block(long address, long size, long requested) {
    }

    /** Counters since creation. */
    public record Stats(long hits, long misses, long cachedBytes, long liveBytes, long cachedBlocks,
                        long retriesAfterOom) {
    }

    private record Cached(long address, Fence fence) {
    }

    private final Backing backing;
    private final String deviceName;
    private final TreeMap<Long, Deque<Cached>> free = new TreeMap<>();
    private long hits;
    private long misses;
    private long cachedBytes;
    private long cachedBlocks;
    private long liveBytes;
    private long retries;
    private boolean closed;

    public CachingAllocator(Backing backing, String deviceName) {
        this.backing = Objects.requireNonNull(backing, "backing");
        this.deviceName = Objects.requireNonNull(deviceName, "deviceName");
    }

    /** The size class of a request: the number of bytes a block for it really has. */
    public static long sizeClass(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + bytes);
        }
        if (bytes <= 512) {
            return 512;
        }
        if (bytes <= (1L << 20)) {
            return (bytes + 511) & ~511L;
        }
        long power = Long.highestOneBit(bytes);
        if (power == bytes) {
            return bytes;
        }
        long quarter = power / 4;
        long rounded = ((bytes + quarter - 1) / quarter) * quarter;
        return rounded;
    }

    /**
     * A block of at least {@code bytes}: a cached one of the same size class when there is one (after waiting
     * for its fence), else a new one from the backing.
     *
     * @throws AccelException {@link ErrorCode#OUT_OF_MEMORY} when even an empty cache leaves too little room
     * @throws IllegalStateException after {@link #close()}
     */
    public Block allocate(long bytes) {
        long size = sizeClass(bytes);
        Cached reuse;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the allocator of " + deviceName + " is closed");
            }
            Deque<Cached> list = free.get(size);
            reuse = list == null ? null : list.pollFirst();
            if (reuse != null) {
                if (list.isEmpty()) {
                    free.remove(size);
                }
                hits++;
                cachedBytes -= size;
                cachedBlocks--;
                liveBytes += size;
            } else {
                misses++;
            }
        }
        if (reuse != null) {
            reuse.fence().await();
            return new Block(reuse.address(), size, bytes);
        }
        long address;
        try {
            address = backing.allocate(size);
        } catch (AccelException e) {
            if (e.code() != ErrorCode.OUT_OF_MEMORY) {
                throw e;
            }
            long released = emptyCache();
            synchronized (this) {
                retries++;
            }
            try {
                address = backing.allocate(size);
            } catch (AccelException again) {
                if (again.code() != ErrorCode.OUT_OF_MEMORY) {
                    throw again;
                }
                Stats s = stats();
                AccelException oom = new AccelException(ErrorCode.OUT_OF_MEMORY, "cannot allocate " + bytes
                        + " bytes (size class " + size + ") on " + deviceName + ": out of device memory even after freeing "
                        + released + " cached bytes; " + s.liveBytes() + " bytes are in use by live tensors",
                        again.nativeStatus().orElse(null), again);
                oom.addSuppressed(e);
                throw oom;
            }
        }
        synchronized (this) {
            liveBytes += size;
        }
        return new Block(address, size, bytes);
    }

    /**
     * Returns {@code block} to the cache; it is reused only after {@code fence} has passed. After
     * {@link #close()}, the block is freed at once instead.
     */
    public void release(Block block, Fence fence) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(fence, "fence");
        boolean freeNow;
        synchronized (this) {
            liveBytes -= block.size();
            freeNow = closed;
            if (!freeNow) {
                free.computeIfAbsent(block.size(), k -> new ArrayDeque<>()).addLast(new Cached(block.address(), fence));
                cachedBytes += block.size();
                cachedBlocks++;
            }
        }
        if (freeNow) {
            fence.await();
            backing.free(block.address(), block.size());
        }
    }

    /**
     * Frees every cached block (waiting for each one's fence first).
     *
     * @return the bytes freed
     */
    public long emptyCache() {
        TreeMap<Long, Deque<Cached>> drained;
        synchronized (this) {
            drained = new TreeMap<>(free);
            free.clear();
            cachedBytes = 0;
            cachedBlocks = 0;
        }
        long total = 0;
        RuntimeException first = null;
        for (var entry : drained.entrySet()) {
            for (Cached c : entry.getValue()) {
                try {
                    c.fence().await();
                    backing.free(c.address(), entry.getKey());
                    total += entry.getKey();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return total;
    }

    public synchronized Stats stats() {
        return new Stats(hits, misses, cachedBytes, liveBytes, cachedBlocks, retries);
    }

    /** Frees the cache; blocks still live are freed when released. Idempotent. */
    public void close() {
        synchronized (this) {
            closed = true;
        }
        emptyCache();
    }

    @Override
    public String toString() {
        return "CachingAllocator[" + deviceName + ", " + stats() + "]";
    }
}
