package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;
import dev.accel.store.block.BlockSink;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Imports files and folders as UnixFS DAGs with the balanced layout of boxo's
 * {@code importer/balanced} (and js-ipfs-unixfs-importer's {@code balanced}), writing every block to a
 * {@link BlockSink} as soon as it is made.
 *
 * <p><b>Threads.</b> Leaves are hashed by up to {@link #parallelism()} worker threads (started per file of
 * two chunks or more, stopped when it is done); the sink is still called only on the thread that calls the
 * importer, in the same order and with the same blocks as a sequential import. With a parallelism of 1 no
 * other thread is used. <b>Memory</b> is bounded: at most {@code 2 * parallelism} chunks in flight (one when
 * sequential) plus one pending link list per DAG level. A regular file is read through a read-only mapping
 * (one copy per chunk, from the page cache into the chunk's array); a stream through {@link FixedSizeChunker}.
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

    /** The parallelism of {@link #UnixFsImporter(ImportProfile, BlockSink)}: the available processors, at most 8. */
    public static final int DEFAULT_PARALLELISM = Math.min(8, Math.max(1, Runtime.getRuntime().availableProcessors()));

    /** The highest parallelism accepted. */
    public static final int MAX_PARALLELISM = 64;

    private final ImportProfile profile;
    private final BlockSink sink;
    private final int parallelism;

    /** An importer that hashes with {@link #DEFAULT_PARALLELISM} threads. */
    public UnixFsImporter(ImportProfile profile, BlockSink sink) {
        this(profile, sink, DEFAULT_PARALLELISM);
    }

    /**
     * An importer that hashes leaves with up to {@code parallelism} worker threads (1: on the calling thread
     * alone). The CIDs do not depend on it.
     *
     * @throws IllegalArgumentException if {@code parallelism} is not in 1..{@link #MAX_PARALLELISM}
     */
    public UnixFsImporter(ImportProfile profile, BlockSink sink, int parallelism) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be in 1.." + MAX_PARALLELISM + ", not " + parallelism);
        }
        this.parallelism = parallelism;
    }

    public ImportProfile profile() {
        return profile;
    }

    /** The most threads that hash leaves at once. */
    public int parallelism() {
        return parallelism;
    }

    /** Imports the bytes of {@code in} (read to its end, not closed) as one file. */
    public ImportedNode importFile(InputStream in) {
        return importChunks(new ChunkSource.OfStream(new FixedSizeChunker(in, profile.chunkSize())));
    }

    /** Imports the chunks of {@code source} (closed at the end) as one file. */
    private ImportedNode importChunks(ChunkSource source) {
        try (source; LeafPipeline chunks = new LeafPipeline(source, profile, sink, parallelism)) {
            return balanced(chunks);
        }
    }

    private ImportedNode balanced(LeafPipeline chunks) {
        if (!chunks.hasNext()) {
            return leaf(new byte[0]);
        }
        ImportedNode root = chunks.next();
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
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) { // a pipe or device: read it as a stream
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                return importFile(in);
            } catch (IOException e) {
                throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        ChunkSource source;
        try (FileChannel ch = FileChannel.open(file, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.READ)) {
            source = new ChunkSource.OfFile(file, ch, profile.chunkSize(), parallelism > 1);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return importChunks(source);
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

    private ImportedNode fill(LeafPipeline chunks, List<ImportedNode> children, int depth) {
        while (children.size() < profile.maxLinks() && chunks.hasNext()) {
            if (depth == 1) {
                children.add(chunks.next());
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
        LeafPipeline.Leaf leaf = LeafPipeline.leaf(chunk, profile);
        sink.put(leaf.cid(), leaf.block());
        return new ImportedNode(leaf.cid(), leaf.contentSize(), leaf.block().length);
    }

    private Cid dagPbCid(byte[] block) {
        return LeafPipeline.dagPbCid(block, profile);
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
