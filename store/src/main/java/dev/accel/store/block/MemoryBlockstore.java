package dev.accel.store.block;

import dev.accel.store.cid.Cid;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe block store in heap memory, for tests and small staging jobs. It keeps the arrays put into
 * it (no copy) and hands out copies.
 */
public final class MemoryBlockstore implements Blockstore {
    private final ConcurrentHashMap<Cid, byte[]> blocks = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    @Override
    public void put(Cid cid, byte[] block) {
        if (blocks.putIfAbsent(cid, block) == null) {
            bytes.addAndGet(block.length);
        }
    }

    /**
     * Replaces the stored bytes of {@code cid} with {@code block} without any check. For tests that need a
     * corrupted store.
     */
    public void putUnverified(Cid cid, byte[] block) {
        byte[] old = blocks.put(cid, block);
        bytes.addAndGet(block.length - (old == null ? 0 : old.length));
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        byte[] block = blocks.get(cid);
        return block == null ? Optional.empty() : Optional.of(block.clone());
    }

    @Override
    public boolean has(Cid cid) {
        return blocks.containsKey(cid);
    }

    /** Number of blocks stored. */
    public int size() {
        return blocks.size();
    }

    /** Total bytes of all blocks stored. */
    public long totalBytes() {
        return bytes.get();
    }

    /** A snapshot of the stored CIDs. */
    public Set<Cid> cids() {
        return Set.copyOf(blocks.keySet());
    }
}
