/**
 * UnixFS v1: the {@link dev.accel.store.unixfs.UnixFsData Data} message, a
 * {@link dev.accel.store.unixfs.FixedSizeChunker fixed-size chunker}, the balanced-layout
 * {@link dev.accel.store.unixfs.UnixFsImporter importer} with three {@link dev.accel.store.unixfs.ImportProfile
 * profiles} that give the same CIDs as Kubo and js-ipfs-unixfs-importer, and the
 * {@link dev.accel.store.unixfs.UnixFsExporter exporter} (streams, random access, directory export).
 *
 * <h2>Rules and limits</h2>
 * <ul>
 *   <li>Profiles: {@code kubo-legacy} (CIDv0, 256 KiB chunks, 174 links, dag-pb leaves), {@code cidv1-raw}
 *       (CIDv1, 256 KiB, 174, raw leaves) and {@code unixfs-v1-2025} (CIDv1, 1 MiB, 1024, raw leaves; the
 *       default).</li>
 *   <li>The importer holds at most two chunks and one link list per DAG level in memory; blocks go to the
 *       sink as soon as they are made.</li>
 *   <li>Entry names are single path elements: empty names, {@code .}, {@code ..}, names with {@code /},
 *       {@code \} or NUL, or over {@value dev.accel.store.StoreLimits#MAX_NAME_LENGTH} bytes are refused on
 *       import, on listing and on export. Export never writes outside its target and never follows links.</li>
 *   <li>Directories are basic (unsharded) directories; one large enough that Kubo would shard it (entries'
 *       names plus CIDs over 256 KiB) is refused on import, and HAMT shards are refused on export
 *       ({@link dev.accel.ErrorCode#UNSUPPORTED}). Symbolic links, mode and mtime are not imported.</li>
 *   <li>Every block read is verified against its CID; DAG depth is limited to
 *       {@value dev.accel.store.StoreLimits#MAX_DAG_DEPTH}.</li>
 * </ul>
 */
package dev.accel.store.unixfs;
