package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.StoreLimits;
import dev.accel.store.block.Blockstore;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.internal.AtomicFiles;
import dev.accel.store.internal.StoreLock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Blocks on disk, one file per block under {@code blocks/XY/NAME} (see {@link StoreLayout}).
 *
 * <p><b>Writes</b> are atomic: the block goes to a temporary file in {@code tmp/}, is forced to disk and
 * renamed into place, so a block file either does not exist or holds the whole block. The renames are made
 * durable by {@link #sync()} (forcing the touched folders), which the store calls before it records a pin
 * or a registry entry that needs the blocks; a crash before that loses only blocks nothing refers to.
 * {@code put} trusts the caller that the bytes hash to the CID (as {@link dev.accel.store.block.BlockSink}
 * says); reads check it.
 *
 * <p><b>Reads</b> are verified: {@link #get} re-hashes every block it reads and throws
 * {@link BlockIntegrityException} naming the CID and the file on a mismatch; the bytes are never returned.
 * A file over {@link StoreLimits#MAX_BLOCK_SIZE} is refused the same way without being read.
 *
 * <p><b>Concurrency</b>: safe from any number of threads and processes. Each {@code put} holds the store's
 * shared lock, so GC (which holds it exclusive) never runs in the middle of one. Blocks that nothing pins
 * are garbage: to keep what an import writes, import inside {@link ModelStore} (which pins under the same
 * shared lease) rather than through this class alone. Identity-hash CIDs are never written: their bytes
 * are the digest.
 */
public final class DiskBlockstore implements Blockstore {
    private final StoreLayout layout;
    private final StoreLock lock;
    private final Set<Path> unsyncedDirs = ConcurrentHashMap.newKeySet();

    DiskBlockstore(StoreLayout layout, StoreLock lock) {
        this.layout = layout;
        this.lock = lock;
    }

    @Override
    public void put(Cid cid, byte[] block) {
        if (block.length > StoreLimits.MAX_BLOCK_SIZE) {
            throw new AccelException(ErrorCode.OUT_OF_MEMORY, "block " + cid + " of " + block.length + " bytes is over the "
                    + StoreLimits.MAX_BLOCK_SIZE + "-byte limit");
        }
        if (cid.multihash().code() == Multihash.IDENTITY) {
            return;
        }
        Path target = layout.block(cid);
        if (Files.exists(target)) {
            return;
        }
        try (StoreLock.Lease ignored = lock.shared()) {
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                unsyncedDirs.add(layout.blocks);
            }
            Path tmp = Files.createTempFile(layout.tmp, "block-", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(block);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                AtomicFiles.moveIntoPlace(tmp, target);
                tmp = null;
            } finally {
                AtomicFiles.deleteQuietly(tmp);
            }
            unsyncedDirs.add(dir);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot store block " + cid + " at " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The verified bytes of {@code cid}, or empty if the store does not hold it.
     *
     * @throws BlockIntegrityException if the file's bytes do not hash to {@code cid} (message names the file)
     */
    @Override
    public Optional<byte[]> get(Cid cid) {
        if (cid.multihash().code() == Multihash.IDENTITY) {
            return Optional.of(cid.multihash().digest());
        }
        Path file = layout.block(cid);
        byte[] bytes;
        try {
            bytes = readBlockFile(cid, file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read block " + cid + " from " + file + ": " + e.getMessage(), e);
        }
        cid.verify(bytes, "file " + file);
        return Optional.of(bytes);
    }

    @Override
    public boolean has(Cid cid) {
        return cid.multihash().code() == Multihash.IDENTITY || Files.exists(layout.block(cid));
    }

    /** The size of the stored block {@code cid} in bytes (from the file system; not verified), or -1. */
    public long blockSize(Cid cid) {
        if (cid.multihash().code() == Multihash.IDENTITY) {
            return cid.multihash().digestLength();
        }
        try {
            return Files.size(layout.block(cid));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The file that holds (or would hold) {@code cid}, for diagnostics and tests. */
    public Path pathOf(Cid cid) {
        return layout.block(cid);
    }

    /**
     * Forces to disk the folders that blocks were renamed into since the last call, so that those blocks
     * survive a crash. Called by the store before it records anything that refers to them.
     */
    public void sync() {
        for (Path dir : Set.copyOf(unsyncedDirs)) {
            unsyncedDirs.remove(dir);
            try {
                AtomicFiles.syncDirectory(dir);
            } catch (IOException e) {
                unsyncedDirs.add(dir);
                throw new AccelException(ErrorCode.IO_ERROR, "cannot force " + dir + " to disk: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Calls {@code action} with every block file: its CID (empty for a file whose name is not a block
     * name) and its path. A snapshot per shard folder; files added or removed meanwhile may be missed.
     */
    void forEachFile(BiConsumer<Optional<Cid>, Path> action) {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(layout.blocks)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    action.accept(Optional.empty(), shard);
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        Optional<Cid> cid = StoreLayout.cidOf(f.getFileName().toString());
                        if (cid.isPresent() && !StoreLayout.shard(f.getFileName().toString()).equals(shard.getFileName().toString())) {
                            cid = Optional.empty();
                        }
                        action.accept(cid, f);
                    }
                } catch (NoSuchFileException ignored) {
                    // shard removed meanwhile
                }
            }
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot list " + layout.blocks + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the block file of {@code cid}; only GC calls this, under the exclusive lock. */
    long delete(Cid cid) throws IOException {
        Path file = layout.block(cid);
        long size = Files.size(file);
        Files.delete(file);
        unsyncedDirs.add(file.getParent());
        return size;
    }

    /** Reads a block file whole, refusing (as an integrity failure) one over the block size limit. */
    static byte[] readBlockFile(Cid cid, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > StoreLimits.MAX_BLOCK_SIZE) {
                throw new BlockIntegrityException(cid, "file " + file + " holds " + size + " bytes, over the block size limit");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    break;
                }
            }
            if (buf.hasRemaining()) {
                throw new BlockIntegrityException(cid, "file " + file + " shrank while it was read");
            }
            return buf.array();
        }
    }
}
