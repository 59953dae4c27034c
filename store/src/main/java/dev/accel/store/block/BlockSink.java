package dev.accel.store.block;

import dev.accel.store.cid.Cid;

/**
 * Where importers write blocks. The narrowest interface: one method. Implementations must be safe to call
 * from the thread that drives the importer; {@link MemoryBlockstore} is safe from any thread.
 */
@FunctionalInterface
public interface BlockSink {
    /**
     * Stores {@code block} under {@code cid}. The caller guarantees the block hashes to {@code cid} (the
     * importer computed the CID from it; the CAR importer verified it). Putting a block that is already
     * there is a no-op. The sink may keep {@code block}: the caller must not change it afterwards.
     *
     * @throws dev.accel.AccelException {@link dev.accel.ErrorCode#IO_ERROR} if it cannot be stored
     */
    void put(Cid cid, byte[] block);
}
