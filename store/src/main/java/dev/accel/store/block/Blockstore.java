package dev.accel.store.block;

import dev.accel.store.cid.Cid;

import java.util.Optional;

/**
 * A store of blocks by CID: the interface the UnixFS exporter and the CAR writer read from, and which the
 * on-disk store implements.
 *
 * <p>Integrity: {@link #get} returns the bytes as stored. Readers that hand bytes on (the exporter, the
 * CAR writer) verify them against the CID before use, so a corrupted store is always detected at the
 * boundary, whatever the implementation does.
 */
public interface Blockstore extends BlockSink {
    /** The block stored under {@code cid}, or empty if there is none. The array is the caller's. */
    Optional<byte[]> get(Cid cid);

    /** Whether a block is stored under {@code cid}. */
    boolean has(Cid cid);
}
