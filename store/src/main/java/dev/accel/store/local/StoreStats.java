package dev.accel.store.local;

/**
 * Figures of a store ({@link ModelStore#stat}).
 *
 * <p>De-duplication: {@code logicalBytes} is what the pinned and named DAGs would take if every DAG were
 * stored on its own with every repeated block written again: for each root (each CID once), the sum of the
 * sizes of the blocks of its DAG counted once per path from the root (the cumulative size IPFS reports as
 * {@code CumulativeSize}). {@code reachableBytes} is what those DAGs take here (each distinct block once).
 * {@code dedupSavedBytes = logicalBytes - reachableBytes}. Materialized files are not counted in either;
 * they are reported apart.
 *
 * @param blocks            block files in the store
 * @param blockBytes        their bytes
 * @param pins              pins (each CID once)
 * @param models            registry entries
 * @param reachableBlocks   distinct blocks reachable from pins and registry entries and present
 * @param reachableBytes    their bytes
 * @param missingBlocks     blocks the pinned or named DAGs need that are not in the store
 * @param logicalBytes      see above
 * @param dedupSavedBytes   see above
 * @param materializedFiles files under {@code files/}
 * @param materializedBytes their bytes
 */
public record StoreStats(long blocks, long blockBytes, int pins, int models, long reachableBlocks, long reachableBytes,
                         long missingBlocks, long logicalBytes, long dedupSavedBytes, long materializedFiles, long materializedBytes) {
}
