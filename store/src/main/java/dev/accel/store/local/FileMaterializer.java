package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.store.cid.Cid;
import dev.accel.store.internal.AtomicFiles;
import dev.accel.store.internal.StoreLock;
import dev.accel.store.unixfs.UnixFsExporter;
import dev.accel.store.unixfs.UnixFsFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Makes and maps the verified materialized copies under {@code files/} (the design is in
 * {@code docs/store.md}): a copy is written once, from blocks re-hashed as they are streamed, to a
 * temporary file that is forced to disk and renamed into place, so {@code files/NAME} either does not
 * exist or holds the whole verified file. Later opens check its size against the DAG's root and map it.
 */
final class FileMaterializer {
    private static final int CHUNK = 1 << 20;

    private final StoreLayout layout;
    private final StoreLock lock;
    private final DiskBlockstore blocks;
    private final UnixFsExporter exporter;
    private final Object[] stripes = new Object[64];

    FileMaterializer(StoreLayout layout, StoreLock lock, DiskBlockstore blocks, UnixFsExporter exporter) {
        this.layout = layout;
        this.lock = lock;
        this.blocks = blocks;
        this.exporter = exporter;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    MappedFile open(Cid root, MemoryScope scope, boolean verify, LongConsumer progress) {
        scope.checkAlive();
        try (StoreLock.Lease ignored = lock.shared()) {
            long expected = expectedSize(root);
            Path file = layout.file(root);
            synchronized (stripes[Math.floorMod(root.hashCode(), stripes.length)]) {
                if (Files.exists(file)) {
                    long actual = size(file);
                    if (actual != expected) {
                        throw new AccelException(ErrorCode.INTEGRITY, "materialized copy " + file + " of " + root + " has " + actual
                                + " bytes but its DAG says " + expected + "; run `accel store verify --repair` (or open with verification)"
                                + " to re-make it");
                    }
                    if (verify && difference(root, file, l -> {
                    }).isPresent()) {
                        materialize(root, file, progress);
                    }
                } else {
                    materialize(root, file, progress);
                }
            }
            return new MappedFile(root, file, Memory.mapFile(file, scope));
        }
    }

    /** The file's size as its root says: the raw block's size, or the UnixFS root's (read and verified). */
    private long expectedSize(Cid root) {
        if (root.codec() == Cid.RAW) {
            long s = blocks.blockSize(root);
            if (s < 0) {
                throw ModelStore.notInStore(root);
            }
            return s;
        }
        if (exporter.isDirectory(root)) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, root + " is a directory; open a file inside it"
                    + " (list it with `accel store ls " + root + "`)");
        }
        return exporter.openFile(root).size();
    }

    private void materialize(Cid root, Path target, LongConsumer progress) {
        UnixFsFile src = exporter.openFile(root);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(layout.tmp, "file-", ".tmp");
            byte[] buf = new byte[CHUNK];
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                long pos = 0;
                while (pos < src.size()) {
                    int n = src.read(pos, buf, 0, (int) Math.min(buf.length, src.size() - pos));
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        ch.write(bb);
                    }
                    pos += n;
                    progress.accept(n);
                }
                ch.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, target);
            tmp = null;
            AtomicFiles.syncDirectory(layout.files);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot materialize " + root + " at " + target + ": " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    /**
     * How the file at {@code file} differs from the file of {@code root}, or empty if it does not. Reads
     * (and so verifies) every block; a bad block throws.
     */
    static Optional<String> difference(UnixFsExporter exporter, Cid root, Path file, LongConsumer progress) {
        UnixFsFile src = exporter.openFile(root);
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != src.size()) {
                return Optional.of("has " + size + " bytes, its DAG " + src.size());
            }
            MemorySegment mapped = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            byte[] buf = new byte[CHUNK];
            for (long pos = 0; pos < size; ) {
                int n = src.read(pos, buf, 0, (int) Math.min(buf.length, size - pos));
                long m = MemorySegment.mismatch(MemorySegment.ofArray(buf), 0, n, mapped, pos, pos + n);
                if (m >= 0) {
                    return Optional.of("differs from its DAG at byte " + (pos + m));
                }
                pos += n;
                progress.accept(n);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }

    private Optional<String> difference(Cid root, Path file, LongConsumer progress) {
        return difference(exporter, root, file, progress);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
