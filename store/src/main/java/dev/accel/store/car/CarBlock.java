package dev.accel.store.car;

import dev.accel.store.cid.Cid;

/**
 * One block of a CAR, verified against its CID when read.
 *
 * @param cid    the block's CID
 * @param block  the block's bytes (the caller's array)
 * @param offset where the section starts in the CAR stream (for messages)
 */
public record CarBlock(Cid cid, byte[] block, long offset) {
}
