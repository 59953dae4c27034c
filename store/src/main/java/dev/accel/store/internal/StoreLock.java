package dev.accel.store.internal;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The locks of one store root, shared by every thread of this JVM and by every process on the machine.
 *
 * <p>One lock file ({@code store.lock}) holds two one-byte lock ranges:
 * <ul>
 *   <li>byte 0, the <em>store</em> lock: held shared by everything that writes blocks or pins (puts,
 *       imports, pin and registry changes, materializing a mapped file), held exclusive by GC alone;</li>
 *   <li>byte 1, the <em>metadata</em> lock: held exclusive around every read-modify-write of the pin set
 *       and the registry, so two processes never lose each other's changes.</li>
 * </ul>
 * File locks belong to a process, not a thread (and on Linux closing any descriptor of the file drops them
 * all), so each JVM opens the lock file once per root (the instance is shared through {@link #of}) and
 * layers a {@link ReentrantReadWriteLock} and a {@link ReentrantLock} over the file locks for its threads.
 * The shared file lock is taken when the first thread of this JVM enters and dropped when the last leaves.
 * A thread holding a shared lease must not ask for the exclusive one ({@link IllegalStateException}).
 */
public final class StoreLock {
    private static final ConcurrentHashMap<Path, StoreLock> LOCKS = new ConcurrentHashMap<>();

    /** An acquired lock; closing releases it. Not idempotent-sensitive: closing twice is a no-op. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final Path file;
    private final FileChannel channel;
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final ReentrantLock meta = new ReentrantLock();
    private final Object sharedMonitor = new Object();
    private int sharedHolders;
    private FileLock sharedFileLock;

    private StoreLock(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** The lock of the store whose root is {@code root} (created on first use; the root must exist). */
    public static StoreLock of(Path root) {
        Path key;
        try {
            key = root.toRealPath();
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot resolve store root " + root + ": " + e.getMessage(), e);
        }
        return LOCKS.computeIfAbsent(key, k -> {
            try {
                return new StoreLock(Files.createDirectories(k).resolve("store.lock"));
            } catch (IOException e) {
                throw new AccelException(ErrorCode.IO_ERROR, "cannot open the store lock in " + k + ": " + e.getMessage(), e);
            }
        });
    }

    /** Enters the store shared: GC waits until every shared lease, in any process, is closed. */
    public Lease shared() {
        rw.readLock().lock();
        try {
            synchronized (sharedMonitor) {
                if (sharedHolders == 0) {
                    sharedFileLock = channel.lock(0, 1, true);
                }
                sharedHolders++;
            }
        } catch (IOException | RuntimeException e) {
            rw.readLock().unlock();
            throw failure("shared", e);
        }
        return once(() -> {
            try {
                synchronized (sharedMonitor) {
                    if (--sharedHolders == 0) {
                        FileLock l = sharedFileLock;
                        sharedFileLock = null;
                        release(l);
                    }
                }
            } finally {
                rw.readLock().unlock();
            }
        });
    }

    /** Enters the store alone (for GC): waits for every shared lease in every process to close. */
    public Lease exclusive() {
        if (rw.getReadHoldCount() > 0) {
            throw new IllegalStateException("this thread holds a shared store lease; it cannot take the exclusive one");
        }
        rw.writeLock().lock();
        FileLock lock;
        try {
            lock = channel.lock(0, 1, false);
        } catch (IOException | RuntimeException e) {
            rw.writeLock().unlock();
            throw failure("exclusive", e);
        }
        return once(() -> {
            try {
                release(lock);
            } finally {
                rw.writeLock().unlock();
            }
        });
    }

    /** Takes the metadata lock (pins and registry read-modify-write). */
    public Lease metadata() {
        meta.lock();
        if (meta.getHoldCount() > 1) {
            return once(meta::unlock);
        }
        FileLock lock;
        try {
            lock = channel.lock(1, 1, false);
        } catch (IOException | RuntimeException e) {
            meta.unlock();
            throw failure("metadata", e);
        }
        return once(() -> {
            try {
                release(lock);
            } finally {
                meta.unlock();
            }
        });
    }

    /** Whether the calling thread holds a shared lease. */
    public boolean heldSharedByCurrentThread() {
        return rw.getReadHoldCount() > 0;
    }

    private AccelException failure(String which, Exception e) {
        return new AccelException(ErrorCode.IO_ERROR, "cannot take the " + which + " lock on " + file + ": " + e.getMessage(), e);
    }

    private void release(FileLock lock) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot release the lock on " + file + ": " + e.getMessage(), e);
        }
    }

    private static Lease once(Runnable release) {
        return new Lease() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    release.run();
                }
            }
        };
    }
}
