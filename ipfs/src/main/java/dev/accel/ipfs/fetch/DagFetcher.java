package dev.accel.ipfs.fetch;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.StoreLimits;
import dev.accel.store.car.CarBlock;
import dev.accel.store.car.CarReader;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.local.ModelStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Pulls a DAG into the local store, verified and all or nothing.
 *
 * <p>Both ways ({@link #importCar} from a CAR stream, {@link #fetchBlocks} block by block) follow the same
 * rules:
 * <ol>
 *   <li>every block is hashed and compared with its CID as it arrives (a mismatch is a
 *       {@link dev.accel.store.BlockIntegrityException} naming the block and the source);</li>
 *   <li>verified blocks are staged in a CAR file outside the store (in {@code stagingDir}), never in the
 *       store itself;</li>
 *   <li>when the transfer ended, the staged blocks are checked against the DAG: every block reachable from
 *       the root must have been received or already be in the store (else the transfer was truncated), and
 *       every block received must be reachable from the root (else the source sent foreign blocks);</li>
 *   <li>only then are the blocks imported into the store and the root pinned, under one store lease
 *       ({@link ModelStore#importCar}), so GC never sees them unpinned.</li>
 * </ol>
 * Any failure leaves the store as it was and deletes the staging file. Only UnixFS DAGs (dag-pb and raw
 * blocks, sha2-256 or identity) can be fetched: other codecs' links cannot be followed, so the DAG could not
 * be checked.
 */
public final class DagFetcher {
    private final ModelStore store;
    private final boolean pin;
    private final Path stagingDir;
    private final LongConsumer progress;

    /**
     * @param store      where the DAG goes
     * @param pin        whether to pin the root recursively
     * @param stagingDir where to stage the blocks until they are checked (outside the store; needs room for
     *                   the DAG)
     * @param progress   receives the bytes of each block received (on the calling thread)
     */
    public DagFetcher(ModelStore store, boolean pin, Path stagingDir, LongConsumer progress) {
        this.store = Objects.requireNonNull(store, "store");
        this.pin = pin;
        this.stagingDir = Objects.requireNonNull(stagingDir, "stagingDir");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** A fetcher that pins, stages in {@code java.io.tmpdir} and reports no progress. */
    public static DagFetcher of(ModelStore store) {
        return new DagFetcher(store, true, Path.of(System.getProperty("java.io.tmpdir")), n -> {
        });
    }

    public ModelStore store() {
        return store;
    }

    /**
     * Reads the CAR stream {@code car} (to its end; closed afterwards), whose header must name {@code root},
     * and imports the DAG under {@code root} as the class comment says.
     *
     * @param source where the stream comes from, for messages
     */
    public FetchReport importCar(Cid root, InputStream car, String source) {
        try (InputStream in = car; StagedDag staged = new StagedDag(root, source, stagingDir)) {
            CarReader reader;
            try {
                reader = CarReader.open(in);
            } catch (AccelException e) {
                throw rejected(source, e);
            }
            List<Cid> roots = reader.header().roots();
            if (!roots.contains(root)) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "the CAR from " + source + " has roots " + roots + ", not the requested "
                        + root + "; nothing was stored");
            }
            try {
                for (Optional<CarBlock> b = reader.next(); b.isPresent(); b = reader.next()) {
                    staged.add(b.get().cid(), b.get().block());
                    progress.accept(b.get().block().length);
                }
            } catch (AccelException e) {
                throw rejected(source, e);
            }
            long local = staged.commit(store, pin);
            return new FetchReport(root, source, staged.blocks(), staged.bytes(), local, pin);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "reading the CAR from " + source + " failed: " + e.getMessage(), e);
        }
    }

    private static AccelException rejected(String source, AccelException e) {
        if (e instanceof BlockIntegrityException bad) {
            return new BlockIntegrityException(bad.cid(), "sent by " + source + "; rejected, nothing was stored");
        }
        return new AccelException(e.code(), "the CAR from " + source + " was rejected, nothing was stored: " + e.getMessage(), e);
    }

    /**
     * Fetches the DAG under {@code root} one block at a time from {@code source}, at most
     * {@code parallelism} blocks at once, breadth first from the root; blocks the store already has are read
     * locally (and verified) instead. At most {@code maxBytes} bytes of blocks are fetched.
     */
    public FetchReport fetchBlocks(Cid root, BlockSource source, int parallelism, long maxBytes) {
        if (parallelism < 1 || parallelism > 256) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "parallelism must be 1..256, got " + parallelism);
        }
        record Fetched(Cid cid, byte[] block) {
        }
        String where = source.describe();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().daemon().name("accel-fetch-", 0).factory());
        try (StagedDag staged = new StagedDag(root, where, stagingDir)) {
            CompletionService<Fetched> done = new ExecutorCompletionService<>(pool);
            Set<Cid> queued = new HashSet<>();
            Deque<Cid> todo = new ArrayDeque<>();
            todo.add(root);
            queued.add(root);
            int inFlight = 0;
            long local = 0;
            while (true) {
                while (inFlight < parallelism && !todo.isEmpty()) {
                    Cid c = todo.poll();
                    if (c.multihash().code() == Multihash.IDENTITY) {
                        continue;
                    }
                    if (store.blocks().has(c)) {
                        local++;
                        if (c.codec() == Cid.DAG_PB) {
                            for (PBLink l : DagPb.decode(store.blocks().get(c).orElseThrow()).links()) {
                                if (queued.add(l.hash())) {
                                    todo.add(l.hash());
                                }
                            }
                        }
                        continue;
                    }
                    done.submit(() -> new Fetched(c, source.block(c)));
                    inFlight++;
                }
                if (inFlight == 0) {
                    break;
                }
                Future<Fetched> f = done.take();
                inFlight--;
                Fetched r;
                try {
                    r = f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof AccelException ae) {
                        throw ae;
                    }
                    throw new AccelException(ErrorCode.IO_ERROR, "fetching a block from " + where + " failed: " + cause, cause);
                }
                r.cid.verify(r.block, "from " + where);
                if (r.block.length > StoreLimits.MAX_BLOCK_SIZE) {
                    throw new AccelException(ErrorCode.OUT_OF_MEMORY, "block " + r.cid + " from " + where + " is over the block size limit");
                }
                if (staged.bytes() + r.block.length > maxBytes) {
                    throw new AccelException(ErrorCode.OUT_OF_MEMORY, "the DAG under " + root + " from " + where + " is larger than the limit of "
                            + maxBytes + " bytes (maxDagBytes); nothing was stored");
                }
                for (Cid child : staged.add(r.cid, r.block)) {
                    if (queued.add(child)) {
                        todo.add(child);
                    }
                }
                progress.accept(r.block.length);
            }
            long alsoLocal = staged.commit(store, pin);
            return new FetchReport(root, where, staged.blocks(), staged.bytes(), Math.max(local, alsoLocal), pin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccelException(ErrorCode.IO_ERROR, "interrupted while fetching " + root + " from " + where, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
