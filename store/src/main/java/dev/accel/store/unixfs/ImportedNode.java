package dev.accel.store.unixfs;

import dev.accel.store.cid.Cid;

/**
 * The result of importing a file or directory.
 *
 * @param cid         the root CID
 * @param contentSize bytes of file content under the root (for a directory, of all files in it)
 * @param dagSize     bytes of all blocks of the DAG, counted as DAG-PB's {@code Tsize} counts them (shared
 *                    blocks counted each time they are linked)
 */
public record ImportedNode(Cid cid, long contentSize, long dagSize) {
}
