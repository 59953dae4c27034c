package dev.accel.store.internal;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file writes: the bytes go to a temporary file in a staging folder on the same file system,
 * are forced to disk, and the file is then renamed over its target in one atomic step; the target's
 * folder is forced too, so the rename survives a crash. A crash at any point leaves either the old file
 * or the new one, never a mix; leftovers in the staging folder are removed by the store's GC.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} atomically and durably, staging in {@code tmpDir}. */
    public static void write(Path target, byte[] bytes, Path tmpDir) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(tmpDir, target.getFileName().toString() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            moveIntoPlace(tmp, target);
            tmp = null;
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Renames {@code tmp} over {@code target} atomically (the caller forced {@code tmp} first). */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically", e);
        }
    }

    /**
     * Forces a folder's entries (renames, creations, deletions) to disk. Opening a folder for reading and
     * forcing it works on Linux and macOS; where the platform refuses (Windows), this is a no-op.
     */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }

    /** Deletes {@code file} if it is not {@code null}, ignoring failures (for cleanup paths). */
    public static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is removed by the next GC
            }
        }
    }
}
