package dev.accel.ipfs.rpc;

import dev.accel.store.cid.Cid;

/** What {@code block/stat} says of a block: its CID (as the node writes it) and its size in bytes. */
public record BlockStat(Cid cid, long size) {
}
