package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;
import dev.accel.store.block.BlockSink;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.dagpb.DagPb;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The leaves of one file, in order: chunks are claimed from a {@link ChunkSource} on the importer's thread,
 * copied and hashed (and, without raw leaves, wrapped in a UnixFS node) either inline or by up to
 * {@code parallelism} worker threads, and handed to the {@link BlockSink} on the importer's thread in file
 * order, so the sink sees exactly the calls, in the order, that a sequential import makes.
 *
 * <p>Memory is bounded: at most {@code 2 * parallelism} chunks are in flight (claimed, hashed or waiting for
 * their turn) when parallel, one when sequential. Workers are started only for a file of two chunks or more
 * and stopped by {@link #close}. Package-private; one pipeline per file, importer's thread only.
 */
final class LeafPipeline implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ChunkSource source;
    private final ImportProfile profile;
    private final BlockSink sink;
    private final int parallelism;
    private final int window;
    private final ArrayDeque<Future<Leaf>> inFlight = new ArrayDeque<>();
    private ExecutorService pool;
    private ChunkSource.Claim held;
    private boolean started;
    private boolean ended;

    /** A finished leaf: its CID, the block to store and the content bytes it holds. */
    record Leaf(Cid cid, byte[] block, long contentSize) {
    }

    LeafPipeline(ChunkSource source, ImportProfile profile, BlockSink sink, int parallelism) {
        this.source = source;
        this.profile = profile;
        this.sink = sink;
        this.parallelism = parallelism;
        this.window = parallelism <= 1 ? 1 : 2 * parallelism;
    }

    /** Whether another leaf follows (claims and starts hashing ahead). */
    boolean hasNext() {
        fill();
        return !inFlight.isEmpty();
    }

    /** The next leaf in file order, already put into the sink. */
    ImportedNode next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("no more leaves");
        }
        Leaf leaf = await(inFlight.poll());
        fill(); // keep the workers busy while the sink stores this leaf
        sink.put(leaf.cid(), leaf.block());
        return new ImportedNode(leaf.cid(), leaf.contentSize(), leaf.block().length);
    }

    private void fill() {
        while (!ended && inFlight.size() < window) {
            ChunkSource.Claim c = source.claim();
            if (c == null) {
                ended = true;
                if (held != null) { // a file of one chunk: no workers
                    inFlight.add(CompletableFuture.completedFuture(leaf(source.load(held), profile)));
                    held = null;
                }
                return;
            }
            if (parallelism > 1 && pool == null) {
                if (!started) {
                    started = true;
                    held = c;
                    continue;
                }
                pool = Executors.newFixedThreadPool(parallelism, r -> {
                    Thread t = new Thread(r, "accel-import-hash-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                submit(held);
                held = null;
            }
            started = true;
            if (pool == null) {
                inFlight.add(CompletableFuture.completedFuture(leaf(source.load(c), profile)));
            } else {
                submit(c);
            }
        }
    }

    private void submit(ChunkSource.Claim c) {
        inFlight.add(pool.submit(() -> leaf(source.load(c), profile)));
    }

    private static Leaf await(Future<Leaf> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new AccelException(ErrorCode.INTERNAL, "hashing a chunk failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccelException(ErrorCode.IO_ERROR, "import interrupted", e);
        }
    }

    /** Stops the workers (cancelling what is still in flight) and waits for them, so the source can close. */
    @Override
    public void close() {
        for (Future<Leaf> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        if (pool != null) {
            pool.shutdownNow();
            boolean interrupted = false;
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The leaf of {@code chunk} under {@code profile}: a raw block, or a UnixFS file node holding it. Thread-safe. */
    static Leaf leaf(byte[] chunk, ImportProfile profile) {
        if (profile.rawLeaves()) {
            return new Leaf(Cid.of(Cid.RAW, chunk), chunk, chunk.length);
        }
        byte[] block = DagPb.encode(List.of(), UnixFsData.fileLeaf(chunk).encode());
        return new Leaf(dagPbCid(block, profile), block, chunk.length);
    }

    /** The CID of a dag-pb {@code block} under {@code profile} (v0 or v1), refusing one over the block limit. */
    static Cid dagPbCid(byte[] block, ImportProfile profile) {
        if (block.length > StoreLimits.MAX_BLOCK_SIZE) {
            throw new AccelException(ErrorCode.OUT_OF_MEMORY, "block of " + block.length + " bytes is over the limit");
        }
        Multihash mh = Multihash.sha256(block);
        return profile.cidVersion() == 0 ? Cid.v0(mh) : Cid.v1(Cid.DAG_PB, mh);
    }
}
