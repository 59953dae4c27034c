package dev.accel.ipfs.fetch;

import dev.accel.store.cid.Cid;

/**
 * What a push did.
 *
 * @param root    the DAG's root
 * @param target  the node it went to
 * @param mode    {@code car} (one {@code dag/import}) or {@code blocks} (one {@code block/put} per block)
 * @param blocks  blocks sent
 * @param bytes   bytes of those blocks
 * @param pinned  whether the node reports the root pinned recursively afterwards
 */
public record PushReport(Cid root, String target, String mode, long blocks, long bytes, boolean pinned) {
}
