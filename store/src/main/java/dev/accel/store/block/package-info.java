/**
 * The narrow block store interfaces: {@link dev.accel.store.block.BlockSink} (what importers write to) and
 * {@link dev.accel.store.block.Blockstore} (put, get, has), with an in-memory implementation. The on-disk
 * store implements the same interface.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A block is at most {@value dev.accel.store.StoreLimits#MAX_BLOCK_SIZE} bytes.</li>
 *   <li>{@code put} is idempotent; a block is never replaced by different bytes under the same CID
 *       (only {@link dev.accel.store.block.MemoryBlockstore#putUnverified}, for tests, does that).</li>
 *   <li>Bytes read from a store are verified against their CID by whoever hands them on
 *       ({@code Cid.verify}); a mismatch is a {@link dev.accel.store.BlockIntegrityException}.</li>
 * </ul>
 */
package dev.accel.store.block;
