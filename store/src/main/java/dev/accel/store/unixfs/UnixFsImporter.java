package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;
import dev.accel.store.block.BlockSink;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Imports files and folders as UnixFS DAGs with the balanced layout of boxo's
 * {@code importer/balanced} (and js-ipfs-unixfs-importer's {@code balanced}), writing every block to a
 * {@link BlockSink} as soon as it is made. Memory is bounded: two chunks plus one pending link list per DAG
 * level.
 *
 * <p>Layout, exactly as Kubo: an empty file is a single leaf with no data (a raw empty block with raw leaves,
 * else a UnixFS File node with {@code filesize} 0); a file of one chunk is that leaf itself; a longer file
 * grows a tree whose internal nodes are UnixFS File nodes with {@code filesize} and one {@code blocksizes}
 * entry per link (the content bytes under it), links with the empty name and {@code Tsize} = the child's
 * cumulative DAG size. Directories are basic UnixFS directories, entries sorted by the bytes of their
 * names; symbolic links and special files are refused, hidden files are included (as
 * {@code ipfs add -r --hidden}). Not thread-safe; use one importer per thread.
 */
public final class UnixFsImporter {
    /** Kubo switches a directory to a HAMT shard past this estimated size (names plus CIDs); not supported here. */
    public static final int HAMT_SHARDING_THRESHOLD = 256 * 1024;

    private final ImportProfile profile;
    private final BlockSink sink;

    public UnixFsImporter(ImportProfile profile, BlockSink sink) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public ImportProfile profile() {
        return profile;
    }

    /** Imports the bytes of {@code in} (read to its end, not closed) as one file. */
    public ImportedNode importFile(InputStream in) {
        FixedSizeChunker chunks = new FixedSizeChunker(in, profile.chunkSize());
        if (!chunks.hasNext()) {
            return leaf(new byte[0]);
        }
        ImportedNode root = leaf(chunks.next());
        for (int depth = 1; chunks.hasNext(); depth++) {
            if (depth > StoreLimits.MAX_DAG_DEPTH) {
                throw new AccelException(ErrorCode.OUT_OF_MEMORY, "file needs a DAG deeper than " + StoreLimits.MAX_DAG_DEPTH);
            }
            List<ImportedNode> children = new ArrayList<>();
            children.add(root);
            root = fill(chunks, children, depth);
        }
        return root;
    }

    /** Imports the file at {@code file} (not following a symbolic link). */
    public ImportedNode importFile(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return importFile(in);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Imports a file or a folder (recursively). */
    public ImportedNode importPath(Path path) {
        return importPath(path, 0);
    }

    private ImportedNode importPath(Path path, int depth) {
        BasicFileAttributes attrs = attributes(path);
        if (attrs.isRegularFile()) {
            return importFile(path);
        }
        if (attrs.isDirectory()) {
            return importDirectory(path, depth);
        }
        throw new AccelException(ErrorCode.UNSUPPORTED, path + " is " + (attrs.isSymbolicLink() ? "a symbolic link" : "not a regular file or directory")
                + "; only regular files and directories are imported");
    }

    private ImportedNode importDirectory(Path dir, int depth) {
        if (depth >= StoreLimits.MAX_DAG_DEPTH) {
            throw new AccelException(ErrorCode.OUT_OF_MEMORY, "directories nested deeper than " + StoreLimits.MAX_DAG_DEPTH + " at " + dir);
        }
        record Entry(String name, byte[] utf8, Path path) {
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                entries.add(new Entry(name, EntryNames.check(name), p));
            }
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a.utf8, b.utf8));
        List<PBLink> links = new ArrayList<>(entries.size());
        long content = 0;
        long childDag = 0;
        long estimate = 0;
        for (Entry e : entries) {
            ImportedNode child = importPath(e.path, depth + 1);
            links.add(PBLink.of(child.cid(), e.name, child.dagSize()));
            content += child.contentSize();
            childDag += child.dagSize();
            estimate += e.utf8.length + child.cid().length();
            if (estimate >= HAMT_SHARDING_THRESHOLD) {
                throw new AccelException(ErrorCode.UNSUPPORTED, dir + " has too many entries for a basic UnixFS directory;"
                        + " Kubo would write a HAMT-sharded directory, which this store does not create yet");
            }
        }
        byte[] block = DagPb.encode(links, UnixFsData.directory().encode());
        Cid cid = dagPbCid(block);
        sink.put(cid, block);
        return new ImportedNode(cid, content, block.length + childDag);
    }

    private ImportedNode fill(FixedSizeChunker chunks, List<ImportedNode> children, int depth) {
        while (children.size() < profile.maxLinks() && chunks.hasNext()) {
            if (depth == 1) {
                children.add(leaf(chunks.next()));
            } else {
                children.add(fill(chunks, new ArrayList<>(), depth - 1));
            }
        }
        long[] sizes = new long[children.size()];
        List<PBLink> links = new ArrayList<>(children.size());
        long dag = 0;
        for (int i = 0; i < sizes.length; i++) {
            ImportedNode c = children.get(i);
            sizes[i] = c.contentSize();
            links.add(PBLink.of(c.cid(), "", c.dagSize()));
            dag += c.dagSize();
        }
        UnixFsData data = UnixFsData.fileNode(sizes);
        byte[] block = DagPb.encode(links, data.encode());
        Cid cid = dagPbCid(block);
        sink.put(cid, block);
        return new ImportedNode(cid, data.filesize().orElseThrow(), block.length + dag);
    }

    private ImportedNode leaf(byte[] chunk) {
        if (profile.rawLeaves()) {
            Cid cid = Cid.of(Cid.RAW, chunk);
            sink.put(cid, chunk);
            return new ImportedNode(cid, chunk.length, chunk.length);
        }
        byte[] block = DagPb.encode(List.of(), UnixFsData.fileLeaf(chunk).encode());
        Cid cid = dagPbCid(block);
        sink.put(cid, block);
        return new ImportedNode(cid, chunk.length, block.length);
    }

    private Cid dagPbCid(byte[] block) {
        if (block.length > StoreLimits.MAX_BLOCK_SIZE) {
            throw new AccelException(ErrorCode.OUT_OF_MEMORY, "block of " + block.length + " bytes is over the limit");
        }
        Multihash mh = Multihash.sha256(block);
        return profile.cidVersion() == 0 ? Cid.v0(mh) : Cid.v1(Cid.DAG_PB, mh);
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
