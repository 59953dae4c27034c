package dev.accel.store.local;

/**
 * What a GC did.
 *
 * @param roots          GC roots marked from (pins and registry entries, each CID once)
 * @param blocksKept     blocks reachable from the roots (present on disk or not)
 * @param blocksFreed    block files removed
 * @param bytesFreed     bytes of the block files removed
 * @param filesFreed     materialized files removed (their roots were not reachable)
 * @param fileBytesFreed bytes of the materialized files removed
 * @param tempFilesFreed leftover temporary files removed from {@code tmp/}
 */
public record GcReport(int roots, long blocksKept, long blocksFreed, long bytesFreed, long filesFreed, long fileBytesFreed,
                       long tempFilesFreed) {
}
