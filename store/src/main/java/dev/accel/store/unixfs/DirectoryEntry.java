package dev.accel.store.unixfs;

import dev.accel.store.cid.Cid;

/**
 * One entry of a UnixFS directory.
 *
 * @param name  a single path element (checked: no {@code /}, {@code .}, {@code ..}, NUL)
 * @param cid   the entry's root
 * @param tsize the cumulative DAG size the directory records for it
 */
public record DirectoryEntry(String name, Cid cid, long tsize) {
}
