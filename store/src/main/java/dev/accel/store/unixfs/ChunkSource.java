package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Where the importer's chunks come from, cut exactly as {@link FixedSizeChunker} cuts them (an empty input
 * gives no chunk; no empty last chunk). A chunk is claimed on the importer's thread, in order
 * ({@link #claim}), and its bytes are then copied into a fresh array by {@link #load}, which a hashing worker
 * may call on another thread. Package-private.
 */
abstract sealed class ChunkSource implements AutoCloseable {
    /** A claimed chunk: either its bytes already, or the range {@link #load} copies. */
    record Claim(byte[] bytes, long offset, int length) {
    }

    /** The next chunk in order, or {@code null} at the end. Importer's thread only. */
    abstract Claim claim();

    /** The bytes of {@code claim}, a fresh array the caller owns. Any thread, until {@link #close}. */
    abstract byte[] load(Claim claim);

    @Override
    public abstract void close();

    /** Chunks of a stream, read on the importer's thread ({@link #claim} does the reading). */
    static final class OfStream extends ChunkSource {
        private final FixedSizeChunker chunks;

        OfStream(FixedSizeChunker chunks) {
            this.chunks = chunks;
        }

        @Override
        Claim claim() {
            return chunks.hasNext() ? new Claim(chunks.next(), 0, 0) : null;
        }

        @Override
        byte[] load(Claim claim) {
            return claim.bytes();
        }

        @Override
        public void close() {
        }
    }

    /**
     * Chunks of a regular file, copied straight from a read-only mapping of it (one copy from the page cache
     * into each chunk's array, done by whichever thread hashes the chunk). The file's size is taken when it
     * is opened; a file that shrinks meanwhile fails the import with {@link ErrorCode#IO_ERROR}.
     */
    static final class OfFile extends ChunkSource {
        private final Path path;
        private final Arena arena;
        private final MemorySegment mapped;
        private final int chunkSize;
        private long next;

        OfFile(Path path, FileChannel channel, int chunkSize, boolean shared) throws IOException {
            this.path = path;
            this.chunkSize = chunkSize;
            long size = channel.size();
            this.arena = shared ? Arena.ofShared() : Arena.ofConfined();
            try {
                this.mapped = size == 0 ? MemorySegment.NULL : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }

        long size() {
            return mapped.byteSize();
        }

        @Override
        Claim claim() {
            long size = mapped.byteSize();
            if (next >= size) {
                return null;
            }
            int n = (int) Math.min(chunkSize, size - next);
            Claim c = new Claim(null, next, n);
            next += n;
            return c;
        }

        @Override
        byte[] load(Claim claim) {
            byte[] bytes = new byte[claim.length()];
            try {
                MemorySegment.copy(mapped, ValueLayout.JAVA_BYTE, claim.offset(), bytes, 0, bytes.length);
            } catch (InternalError e) {
                // SIGBUS: the file was truncated while mapped
                throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + path + " at offset " + claim.offset()
                        + ": the file changed while it was imported", e);
            }
            return bytes;
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
