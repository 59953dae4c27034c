package dev.accel.ipfs.fetch;

import dev.accel.store.cid.Cid;

/**
 * What a fetch did.
 *
 * @param root          the DAG's root
 * @param source        where it came from
 * @param blocksFetched blocks received and verified (all of them now in the store)
 * @param bytesFetched  bytes of those blocks
 * @param blocksLocal   blocks of the DAG the store already had (not fetched again)
 * @param pinned        whether the root is pinned recursively in the local store
 */
public record FetchReport(Cid root, String source, long blocksFetched, long bytesFetched, long blocksLocal, boolean pinned) {
}
