package dev.accel.ipfs.fetch;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.rpc.BlockStat;
import dev.accel.ipfs.rpc.DagImportResult;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.store.BlockNotFoundException;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.local.ModelStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a DAG of the local store to an IPFS node through its RPC API, and pins it there.
 *
 * <ul>
 *   <li>{@link #pushCar}: one CARv1 of the DAG (every block verified as it is read from the store), staged
 *       in a temporary file and sent with {@code dag/import}; the node pins the root.</li>
 *   <li>{@link #pushBlocks}: one {@code block/put} per block, several at once; the node must report each
 *       block under the same hash and codec; then {@code pin/add} of the root (recursive).</li>
 * </ul>
 * Both end by asking the node: {@code block/stat} of the root (the node serves it, at the right size) and
 * {@code pin/ls} of the root (pinned recursively).
 */
public final class DagPublisher {
    private final ModelStore store;
    private final KuboRpcClient node;
    private final Path stagingDir;

    public DagPublisher(ModelStore store, KuboRpcClient node, Path stagingDir) {
        this.store = Objects.requireNonNull(store, "store");
        this.node = Objects.requireNonNull(node, "node");
        this.stagingDir = Objects.requireNonNull(stagingDir, "stagingDir");
    }

    /** A publisher staging in {@code java.io.tmpdir}. */
    public static DagPublisher of(ModelStore store, KuboRpcClient node) {
        return new DagPublisher(store, node, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Sends the DAG under {@code root} as one CAR ({@code dag/import}); pins it on the node when {@code pin}. */
    public PushReport pushCar(Cid root, boolean pin) {
        requireLocal(root);
        Path car;
        try {
            Files.createDirectories(stagingDir);
            car = Files.createTempFile(stagingDir, "accel-push-", ".car");
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot create a staging file in " + stagingDir + ": " + e.getMessage(), e);
        }
        try {
            long blocks;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(car), 1 << 16)) {
                blocks = store.exportCar(List.of(root), out);
            }
            long bytes = Files.size(car);
            DagImportResult r = node.dagImport(car, pin);
            if (r.pinErrors().containsKey(root)) {
                throw new AccelException(ErrorCode.IO_ERROR, "the node at " + node.url() + " imported " + root + " but could not pin it: "
                        + r.pinErrors().get(root));
            }
            return finish(root, "car", blocks, bytes, pin);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot stage the CAR of " + root + " in " + car + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(car);
            } catch (IOException ignored) {
                // a temporary copy of public blocks
            }
        }
    }

    /**
     * Sends the DAG under {@code root} one block at a time ({@code block/put}, {@code parallelism} at once),
     * then pins the root when {@code pin}.
     */
    public PushReport pushBlocks(Cid root, boolean pin, int parallelism) {
        if (parallelism < 1 || parallelism > 256) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "parallelism must be 1..256, got " + parallelism);
        }
        requireLocal(root);
        AtomicLong bytes = new AtomicLong();
        long blocks = 0;
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, Thread.ofPlatform().daemon().name("accel-push-", 0).factory());
        try {
            List<Future<?>> pending = new ArrayList<>();
            Set<Cid> seen = new HashSet<>();
            Deque<Cid> todo = new ArrayDeque<>();
            todo.push(root);
            while (!todo.isEmpty()) {
                Cid c = todo.pop();
                if (!seen.add(c) || c.multihash().code() == Multihash.IDENTITY) {
                    continue;
                }
                byte[] block = store.blocks().get(c).orElseThrow(() -> new BlockNotFoundException(c));
                c.verify(block, "read from the local store");
                if (c.codec() == Cid.DAG_PB) {
                    for (PBLink l : DagPb.decode(block).links()) {
                        todo.push(l.hash());
                    }
                }
                pending.add(pool.submit(() -> {
                    node.blockPut(c, block);
                    bytes.addAndGet(block.length);
                }));
                blocks++;
                if (pending.size() >= parallelism * 4) {
                    await(pending.removeFirst());
                }
            }
            for (Future<?> f : pending) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        if (pin) {
            node.pinAdd(root, true);
        }
        return finish(root, "blocks", blocks, bytes.get(), pin);
    }

    private PushReport finish(Cid root, String mode, long blocks, long bytes, boolean pin) {
        if (pin) {
            node.pinAdd(root, true); // idempotent; makes the pin recursive whatever dag/import did
        }
        BlockStat stat = node.blockStat(root);
        long size = store.blocks().get(root).map(b -> (long) b.length).orElse(-1L);
        if (!stat.cid().multihash().equals(root.multihash()) || (stat.size() >= 0 && stat.size() != size)) {
            throw new AccelException(ErrorCode.INTEGRITY, "after the push, the node at " + node.url() + " reports root " + stat.cid() + " of "
                    + stat.size() + " bytes, expected " + root + " of " + size + " bytes");
        }
        boolean pinned = pin && "recursive".equals(node.pinLs(Optional.of(root)).get(root));
        if (pin && !pinned) {
            throw new AccelException(ErrorCode.IO_ERROR, "the node at " + node.url() + " does not report " + root + " pinned recursively after pin/add");
        }
        return new PushReport(root, node.url().toString(), mode, blocks, bytes, pinned);
    }

    private void requireLocal(Cid root) {
        Optional<Cid> missing = store.firstMissing(root);
        if (missing.isPresent()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "cannot push " + root + ": block " + missing.get()
                    + " of its DAG is not in the local store (fetch it first with `accel store fetch`)");
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccelException(ErrorCode.IO_ERROR, "interrupted while pushing blocks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AccelException ae) {
                throw ae;
            }
            throw new AccelException(ErrorCode.IO_ERROR, "block/put failed: " + e.getCause(), e.getCause());
        }
    }
}
