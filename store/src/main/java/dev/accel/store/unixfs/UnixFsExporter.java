package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockNotFoundException;
import dev.accel.store.StoreLimits;
import dev.accel.store.block.Blockstore;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.dagpb.PBNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads UnixFS DAGs back out of a {@link Blockstore}: files as streams or by random access
 * ({@link #openFile}), directories as entry lists ({@link #list}), and whole trees into a folder
 * ({@link #exportTo}).
 *
 * <p>Every block is verified against its CID when it is read; a mismatch throws
 * {@link dev.accel.store.BlockIntegrityException} naming the CID and no byte of it is returned. A missing
 * block throws {@link BlockNotFoundException}. DAGs deeper than {@link StoreLimits#MAX_DAG_DEPTH}, nodes whose
 * {@code blocksizes} do not match their links or their children, and HAMT-sharded directories (not
 * supported yet: {@link ErrorCode#UNSUPPORTED}) are refused. Thread-safe.
 */
public final class UnixFsExporter {
    private final Blockstore store;
    private final NodeCache cache = new NodeCache(16L * 1024 * 1024);

    public UnixFsExporter(Blockstore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Opens the file whose root is {@code root} (a raw block or a UnixFS File/Raw node). */
    public UnixFsFile openFile(Cid root) {
        FileNode node = fileNode(root, -1, 0);
        return new UnixFsFile(this, root, node);
    }

    /**
     * Whether {@code cid} is a UnixFS directory (reads and verifies its block, unless it is a file node this
     * exporter has already verified and still caches).
     */
    public boolean isDirectory(Cid cid) {
        if (cid.codec() != Cid.DAG_PB) {
            return false;
        }
        if (cache.get(cid) != null) { // only file nodes are cached
            return false;
        }
        PBNode node = DagPb.decode(fetch(cid));
        return unixfs(cid, node).type() == UnixFsType.DIRECTORY;
    }

    /**
     * The entries of the directory {@code dir}, in stored order. Every name is checked as on import; a bad
     * or duplicate name is {@link ErrorCode#MALFORMED_INPUT}.
     */
    public List<DirectoryEntry> list(Cid dir) {
        if (dir.codec() != Cid.DAG_PB) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, dir + " is not a directory (codec 0x" + Long.toHexString(dir.codec()) + ")");
        }
        PBNode node = DagPb.decode(fetch(dir));
        UnixFsData data = unixfs(dir, node);
        if (data.type() == UnixFsType.HAMT_SHARD) {
            throw new AccelException(ErrorCode.UNSUPPORTED, dir + " is a HAMT-sharded directory, not supported yet");
        }
        if (data.type() != UnixFsType.DIRECTORY) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, dir + " is a UnixFS " + data.type() + ", not a directory");
        }
        List<DirectoryEntry> entries = new ArrayList<>(node.links().size());
        Set<String> names = new HashSet<>();
        for (PBLink link : node.links()) {
            String name = link.name().orElseThrow(() -> new AccelException(ErrorCode.MALFORMED_INPUT,
                    "directory " + dir + " has a link without a name"));
            EntryNames.check(name);
            if (!names.add(name)) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "directory " + dir + " has two entries named \"" + name + "\"");
            }
            entries.add(new DirectoryEntry(name, link.hash(), link.tsize().orElse(0)));
        }
        return entries;
    }

    /**
     * Writes the file or directory {@code root} to {@code target}, which must not exist. Nothing is written
     * outside {@code target}: names are single path elements (checked), files are created new and never
     * through a symbolic link. On failure, what was written so far stays.
     */
    public void exportTo(Cid root, Path target) {
        export(root, target.toAbsolutePath().normalize(), 0);
    }

    private void export(Cid cid, Path target, int depth) {
        if (depth > StoreLimits.MAX_DAG_DEPTH) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "directories nested deeper than " + StoreLimits.MAX_DAG_DEPTH);
        }
        if (isDirectory(cid)) {
            List<DirectoryEntry> entries = list(cid);
            try {
                Files.createDirectory(target);
            } catch (IOException e) {
                throw new AccelException(ErrorCode.IO_ERROR, "cannot create " + target + ": " + e.getMessage(), e);
            }
            for (DirectoryEntry e : entries) {
                Path child = target.resolve(e.name()).normalize();
                if (!target.equals(child.getParent())) {
                    throw new AccelException(ErrorCode.MALFORMED_INPUT, "entry \"" + e.name() + "\" would leave " + target);
                }
                export(e.cid(), child, depth + 1);
            }
            return;
        }
        UnixFsFile file = openFile(cid);
        try (InputStream in = file.newInputStream();
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                     LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The verified bytes of {@code cid}. */
    byte[] fetch(Cid cid) {
        byte[] block = store.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
        if (block.length > StoreLimits.MAX_BLOCK_SIZE) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "block " + cid + " of " + block.length + " bytes is over the limit");
        }
        cid.verify(block, "read from the block store");
        return block;
    }

    /**
     * The decoded, verified file node {@code cid}; {@code expectedSize} (or -1) is what its parent's
     * blocksizes say it holds.
     */
    FileNode fileNode(Cid cid, long expectedSize, int depth) {
        if (depth > StoreLimits.MAX_DAG_DEPTH) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "file DAG deeper than " + StoreLimits.MAX_DAG_DEPTH + " at " + cid);
        }
        FileNode node = cache.get(cid);
        if (node == null) {
            node = decodeFileNode(cid, fetch(cid));
            cache.put(cid, node);
        }
        if (expectedSize >= 0 && node.size() != expectedSize) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "block " + cid + " holds " + node.size()
                    + " bytes of content but its parent's blocksizes say " + expectedSize);
        }
        return node;
    }

    private static FileNode decodeFileNode(Cid cid, byte[] block) {
        if (cid.codec() == Cid.RAW) {
            return new FileNode(block, new Cid[0], new long[0], block.length);
        }
        if (cid.codec() != Cid.DAG_PB) {
            throw new AccelException(ErrorCode.UNSUPPORTED, cid + " has codec 0x" + Long.toHexString(cid.codec())
                    + "; only raw and dag-pb files can be read");
        }
        PBNode node = DagPb.decode(block);
        UnixFsData data = unixfs(cid, node);
        if (data.type() != UnixFsType.FILE && data.type() != UnixFsType.RAW) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, cid + " is a UnixFS " + data.type() + ", not a file");
        }
        int n = node.links().size();
        if (data.blocksizeCount() != n) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "file node " + cid + " has " + n + " links but "
                    + data.blocksizeCount() + " blocksizes");
        }
        Cid[] children = new Cid[n];
        long[] sizes = data.blocksizes();
        long size = data.dataLength();
        for (int i = 0; i < n; i++) {
            children[i] = node.links().get(i).hash();
            if (sizes[i] < 0) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "file node " + cid + " has a negative blocksize");
            }
            try {
                size = Math.addExact(size, sizes[i]);
            } catch (ArithmeticException e) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "file node " + cid + " has blocksizes that overflow");
            }
        }
        if (data.filesize().isPresent() && data.filesize().getAsLong() != size) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "file node " + cid + " says filesize "
                    + data.filesize().getAsLong() + " but its data and blocksizes add up to " + size);
        }
        byte[] inline = data.hasData() ? data.rawData() : new byte[0];
        return new FileNode(inline, children, sizes, size);
    }

    private static UnixFsData unixfs(Cid cid, PBNode node) {
        if (!node.hasData()) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "dag-pb node " + cid + " has no UnixFS Data");
        }
        ByteBuffer d = node.data();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        return UnixFsData.decode(bytes, 0, bytes.length);
    }

    /** A decoded file node: inline data, then the children's content in link order. */
    record FileNode(byte[] data, Cid[] children, long[] blocksizes, long size) {
        long weight() {
            return data.length + 64L * children.length + 64;
        }
    }

    /** A small LRU of verified, decoded nodes, bounded by weight. Content addressing keeps it always valid. */
    private static final class NodeCache {
        private final long maxWeight;
        private final java.util.LinkedHashMap<Cid, FileNode> map = new java.util.LinkedHashMap<>(64, 0.75f, true);
        private long weight;

        NodeCache(long maxWeight) {
            this.maxWeight = maxWeight;
        }

        synchronized FileNode get(Cid cid) {
            return map.get(cid);
        }

        synchronized void put(Cid cid, FileNode node) {
            FileNode old = map.put(cid, node);
            weight += node.weight() - (old == null ? 0 : old.weight());
            var it = map.entrySet().iterator();
            while (weight > maxWeight && it.hasNext()) {
                var e = it.next();
                if (e.getKey().equals(cid)) {
                    continue;
                }
                weight -= e.getValue().weight();
                it.remove();
            }
        }
    }
}
