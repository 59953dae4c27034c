package dev.accel.store.local;

import dev.accel.memory.Memory;
import dev.accel.store.cid.Cid;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A UnixFS file of the store mapped read-only into memory: one contiguous segment of the whole file,
 * backed by the page cache (no copy). The mapping belongs to the {@link dev.accel.memory.MemoryScope} given
 * to {@link ModelStore#open}: it stays valid until that scope is closed, even if GC removes the file from the
 * store meanwhile (the operating system keeps mapped pages of a removed file). Writing to it throws.
 *
 * @param root   the file's root CID
 * @param path   the materialized file that is mapped
 * @param memory the mapped memory, of kind {@link dev.accel.memory.MemoryKind#MAPPED_FILE}
 */
public record MappedFile(Cid root, Path path, Memory memory) {
    /** The file's bytes: a read-only segment of {@link #size()} bytes. */
    public MemorySegment segment() {
        return memory.hostSegment();
    }

    /** The file's size in bytes. */
    public long size() {
        return memory.byteSize();
    }
}
