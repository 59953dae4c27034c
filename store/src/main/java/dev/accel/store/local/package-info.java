/**
 * The local model store on disk: {@link dev.accel.store.local.ModelStore} (the entry point),
 * {@link dev.accel.store.local.DiskBlockstore} (verified, atomic block files),
 * {@link dev.accel.store.local.PinSet} (recursive and direct pins), {@link dev.accel.store.local.ModelRegistry}
 * (names to root CIDs with a JSON {@link dev.accel.store.local.ModelManifest}), mark-and-sweep GC, verify,
 * stat, and zero-copy {@link dev.accel.store.local.MappedFile mapped files}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Every block read from disk is re-hashed; a mismatch is a {@link dev.accel.store.BlockIntegrityException}
 *       naming the CID and the file, and the bytes are never returned.</li>
 *   <li>Every file the store writes (block, pin set, registry, materialized file) is written to {@code tmp/},
 *       forced to disk and renamed into place: a crash leaves the old file or the new one.</li>
 *   <li>Threads and processes share a store through file locks: writers of blocks and pins hold the store
 *       lock shared, GC holds it exclusive. A lease is released on the thread that took it.</li>
 *   <li>A {@link dev.accel.store.local.MappedFile} lives as long as the {@link dev.accel.memory.MemoryScope}
 *       it was opened in; GC never invalidates a mapping.</li>
 *   <li>Limits: blocks of at most {@value dev.accel.store.StoreLimits#MAX_BLOCK_SIZE} bytes, the DAG limits of
 *       {@link dev.accel.store.StoreLimits}; model names as {@link dev.accel.store.local.ModelRegistry} says.</li>
 * </ul>
 * The layout on disk and the design of mapped files are in {@code docs/store.md}.
 */
package dev.accel.store.local;
