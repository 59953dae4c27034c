package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a stream into chunks of exactly {@code chunkSize} bytes, the last one shorter, as boxo's size
 * splitter does: an empty stream gives no chunk, and a stream of a multiple of {@code chunkSize} bytes
 * gives no empty last chunk. Holds one chunk of look-ahead. Not thread-safe; does not close the stream.
 */
public final class FixedSizeChunker {
    private final InputStream in;
    private final int chunkSize;
    private byte[] next;
    private boolean ended;

    public FixedSizeChunker(InputStream in, int chunkSize) {
        if (chunkSize <= 0 || chunkSize > dev.accel.store.StoreLimits.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("chunk size must be in 1.." + dev.accel.store.StoreLimits.MAX_BLOCK_SIZE);
        }
        this.in = in;
        this.chunkSize = chunkSize;
    }

    /** Whether another chunk follows (reads ahead one chunk). */
    public boolean hasNext() {
        if (next == null && !ended) {
            next = readChunk();
        }
        return next != null;
    }

    /** The next chunk, a fresh array the caller owns. */
    public byte[] next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("no more chunks");
        }
        byte[] chunk = next;
        next = null;
        return chunk;
    }

    private byte[] readChunk() {
        try {
            byte[] buf = new byte[chunkSize];
            int n = in.readNBytes(buf, 0, chunkSize);
            if (n < chunkSize) {
                ended = true;
            }
            if (n == 0) {
                return null;
            }
            return n == chunkSize ? buf : java.util.Arrays.copyOf(buf, n);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "reading the input failed: " + e.getMessage(), e);
        }
    }
}
