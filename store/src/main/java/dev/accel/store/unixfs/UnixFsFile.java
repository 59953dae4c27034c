package dev.accel.store.unixfs;

import dev.accel.store.cid.Cid;

import java.io.InputStream;
import java.util.Objects;

/**
 * A UnixFS file opened from its root CID: its size, random-access reads that fetch only the blocks
 * covering the range (found through each node's {@code blocksizes}), and a sequential stream. Every block
 * is verified against its CID when read. Thread-safe; streams are not.
 */
public final class UnixFsFile {
    private final UnixFsExporter exporter;
    private final Cid root;
    private final UnixFsExporter.FileNode rootNode;

    UnixFsFile(UnixFsExporter exporter, Cid root, UnixFsExporter.FileNode rootNode) {
        this.exporter = exporter;
        this.root = root;
        this.rootNode = rootNode;
    }

    public Cid root() {
        return root;
    }

    /** The file's size in bytes. */
    public long size() {
        return rootNode.size();
    }

    /**
     * Reads up to {@code length} bytes at {@code offset} into {@code dst}; returns the number read, which is
     * less only at the end of the file (-1 when {@code offset == size()} and {@code length > 0}).
     *
     * @throws IndexOutOfBoundsException if {@code offset} is negative or past the end, or the range does not
     *                                   fit {@code dst}
     */
    public int read(long offset, byte[] dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        if (offset < 0 || offset > size()) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside a file of " + size() + " bytes");
        }
        if (length == 0) {
            return 0;
        }
        if (offset == size()) {
            return -1;
        }
        int n = (int) Math.min(length, size() - offset);
        readInto(rootNode, offset, dst, dstOffset, n, 0);
        return n;
    }

    /** Reads exactly {@code min(length, size() - offset)} bytes at {@code offset} into a fresh array. */
    public byte[] read(long offset, int length) {
        if (offset < 0 || offset > size() || length < 0) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside a file of " + size() + " bytes");
        }
        byte[] out = new byte[(int) Math.min(length, size() - offset)];
        if (out.length > 0) {
            readInto(rootNode, offset, out, 0, out.length, 0);
        }
        return out;
    }

    /** A sequential stream of the whole file (not thread-safe; closing it releases nothing). */
    public InputStream newInputStream() {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                int n = UnixFsFile.this.read(position, b, off, len);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public long skip(long n) {
                long k = Math.max(0, Math.min(n, size() - position));
                position += k;
                return k;
            }

            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, size() - position);
            }
        };
    }

    private void readInto(UnixFsExporter.FileNode node, long offset, byte[] dst, int dstOffset, int length, int depth) {
        byte[] data = node.data();
        if (offset < data.length) {
            int c = (int) Math.min(length, data.length - offset);
            System.arraycopy(data, (int) offset, dst, dstOffset, c);
            offset += c;
            dstOffset += c;
            length -= c;
        }
        long pos = data.length;
        long[] sizes = node.blocksizes();
        for (int i = 0; i < sizes.length && length > 0; i++) {
            long s = sizes[i];
            if (offset < pos + s) {
                long inner = offset - pos;
                int c = (int) Math.min(length, s - inner);
                UnixFsExporter.FileNode child = exporter.fileNode(node.children()[i], s, depth + 1);
                readInto(child, inner, dst, dstOffset, c, depth + 1);
                offset += c;
                dstOffset += c;
                length -= c;
            }
            pos += s;
        }
    }
}
