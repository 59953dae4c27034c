package dev.accel.ipfs.fetch;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.car.CarWriter;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.local.CarImportReport;
import dev.accel.store.local.ModelStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verified blocks of one DAG on their way into the store: written to a staging CARv1 (root = the DAG's
 * root) outside the store, with the links of every dag-pb node kept in memory. {@link #commit} checks that
 * the staged blocks are exactly (a part of) the DAG under the root, that together with the store they make
 * the whole DAG, and only then imports the staging CAR into the store (all or nothing, pinned in the same
 * lease). The staging file is deleted by {@link #close()} whatever happened. Not thread-safe.
 */
final class StagedDag implements AutoCloseable {
    private static final int MAX_WALK_DEPTH = 128;

    private final Cid root;
    private final String source;
    private final Path file;
    private final OutputStream out;
    private final CarWriter writer;
    private final Map<Cid, List<Cid>> links = new HashMap<>();
    private final Set<Cid> staged = new HashSet<>();
    private long bytes;

    StagedDag(Cid root, String source, Path stagingDir) {
        this.root = root;
        this.source = source;
        try {
            Files.createDirectories(stagingDir);
            this.file = Files.createTempFile(stagingDir, "accel-fetch-", ".car");
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot create a staging file in " + stagingDir + ": " + e.getMessage(), e);
        }
        this.writer = new CarWriter(out, List.of(root));
    }

    /** Whether {@code cid} was staged already. */
    boolean has(Cid cid) {
        return staged.contains(cid);
    }

    /** Number of blocks staged. */
    long blocks() {
        return staged.size();
    }

    /** Bytes of the blocks staged. */
    long bytes() {
        return bytes;
    }

    /**
     * Stages a block that was verified against {@code cid}; returns its links (empty for a raw block). A
     * block staged before is ignored (a CAR with duplicates). Codecs other than raw and dag-pb are refused:
     * their links cannot be followed, so the DAG could not be checked.
     */
    List<Cid> add(Cid cid, byte[] block) {
        if (staged.contains(cid)) {
            return links.getOrDefault(cid, List.of());
        }
        List<Cid> children;
        if (cid.codec() == Cid.RAW) {
            children = List.of();
        } else if (cid.codec() == Cid.DAG_PB) {
            try {
                children = DagPb.decode(block).links().stream().map(PBLink::hash).toList();
            } catch (AccelException e) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, source + " sent block " + cid + ", which is not a valid dag-pb node: "
                        + e.getMessage() + "; nothing was stored", e);
            }
            links.put(cid, children);
        } else {
            throw new AccelException(ErrorCode.UNSUPPORTED, source + " sent block " + cid + " of codec 0x" + Long.toHexString(cid.codec())
                    + "; only dag-pb and raw DAGs (UnixFS) can be fetched and checked; nothing was stored");
        }
        writer.write(cid, block);
        staged.add(cid);
        bytes += block.length;
        return children;
    }

    /**
     * Checks the staged blocks against the DAG under the root and imports them into {@code store}; pins the
     * root recursively when {@code pin}.
     *
     * @return blocks of the DAG that were already in the store
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} if a block of the DAG is missing (a truncated
     *                        CAR, a node without the whole DAG) or a staged block is not in the DAG; nothing
     *                        is stored then
     */
    long commit(ModelStore store, boolean pin) {
        long local = checkDag(store);
        try {
            out.close();
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot write the staging file " + file + ": " + e.getMessage(), e);
        }
        CarImportReport report = store.importCar(file, pin, n -> {
        });
        if (pin && !report.pinned().contains(root)) {
            throw new AccelException(ErrorCode.INTERNAL, "the fetched DAG " + root + " was stored but not pinned: " + report.notPinned());
        }
        return local;
    }

    private long checkDag(ModelStore store) {
        record Step(Cid cid, Cid parent, int depth) {
        }
        Set<Cid> seen = new HashSet<>();
        Deque<Step> stack = new ArrayDeque<>();
        stack.push(new Step(root, null, 0));
        long local = 0;
        while (!stack.isEmpty()) {
            Step s = stack.pop();
            if (!seen.add(s.cid)) {
                continue;
            }
            if (s.depth > MAX_WALK_DEPTH) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "the DAG under " + root + " from " + source + " is deeper than "
                        + MAX_WALK_DEPTH + " levels; nothing was stored");
            }
            List<Cid> children;
            if (staged.contains(s.cid)) {
                children = links.getOrDefault(s.cid, List.of());
            } else if (s.cid.multihash().code() == Multihash.IDENTITY) {
                children = List.of();
            } else if (store.blocks().has(s.cid)) {
                local++;
                children = s.cid.codec() == Cid.DAG_PB
                        ? DagPb.decode(store.blocks().get(s.cid).orElseThrow()).links().stream().map(PBLink::hash).toList()
                        : List.of();
            } else {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "the DAG under " + root + " from " + source + " is incomplete: block "
                        + s.cid + (s.parent == null ? " (the root)" : " (linked from " + s.parent + ")")
                        + " was not received and is not in the local store (a truncated CAR, or a node without the whole DAG);"
                        + " nothing was stored");
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(new Step(children.get(i), s.cid, s.depth + 1));
            }
        }
        List<Cid> foreign = staged.stream().filter(c -> !seen.contains(c)).sorted().toList();
        if (!foreign.isEmpty()) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source + " sent " + foreign.size() + " block(s) that are not in the DAG under "
                    + root + " (first: " + foreign.getFirst() + "); rejected, nothing was stored");
        }
        return local;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is removed next
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover staging file holds only verified blocks and is outside the store
        }
    }
}
