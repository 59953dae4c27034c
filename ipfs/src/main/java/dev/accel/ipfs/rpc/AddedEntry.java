package dev.accel.ipfs.rpc;

import dev.accel.store.cid.Cid;

/**
 * One line of {@code add}'s answer: a file or folder the node imported.
 *
 * @param name the path the node was given (relative, {@code /}-separated)
 * @param cid  its root CID
 * @param size the node's {@code Size} field (cumulative DAG size, as the node reports it), or -1
 */
public record AddedEntry(String name, Cid cid, long size) {
}
