package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.BlockNotFoundException;
import dev.accel.store.StoreLimits;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.internal.AtomicFiles;
import dev.accel.store.unixfs.UnixFsExporter;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/** GC, verify and stat over one store; the caller holds the right lease ({@link ModelStore} does). */
final class StoreMaintenance {
    private final StoreLayout layout;
    private final DiskBlockstore blocks;
    private final PinSet pins;
    private final ModelRegistry registry;

    StoreMaintenance(StoreLayout layout, DiskBlockstore blocks, PinSet pins, ModelRegistry registry) {
        this.layout = layout;
        this.blocks = blocks;
        this.pins = pins;
        this.registry = registry;
    }

    /** Recursive roots (recursive pins and registry entries) mapped to what holds them, for messages. */
    private Map<Cid, String> recursiveRoots() {
        Map<Cid, String> roots = new LinkedHashMap<>();
        pins.list().forEach((cid, kind) -> {
            if (kind == PinKind.RECURSIVE) {
                roots.putIfAbsent(cid, "recursive pin " + cid);
            }
        });
        for (ModelEntry e : registry.list()) {
            roots.putIfAbsent(e.root(), "model \"" + e.name() + "\"");
        }
        return roots;
    }

    // ------------------------------------------------------------------------------------------- gc

    GcReport gc(LongConsumer progress) {
        Map<Cid, String> roots = recursiveRoots();
        Set<Cid> marked = new HashSet<>();
        for (Map.Entry<Cid, String> root : roots.entrySet()) {
            mark(root.getKey(), root.getValue(), marked);
        }
        Set<Cid> allRoots = new HashSet<>(roots.keySet());
        pins.list().forEach((cid, kind) -> {
            if (kind == PinKind.DIRECT) {
                marked.add(cid);
                allRoots.add(cid);
            }
        });
        long[] freed = new long[2];
        List<IOException> failures = new ArrayList<>();
        blocks.forEachFile((cid, path) -> {
            if (cid.isPresent() && !marked.contains(cid.get())) {
                try {
                    long size = blocks.delete(cid.get());
                    freed[0]++;
                    freed[1] += size;
                    progress.accept(size);
                } catch (IOException e) {
                    failures.add(e);
                }
            }
        });
        long[] files = new long[2];
        forEachIn(layout.files, f -> {
            Optional<Cid> cid = StoreLayout.cidOf(f.getFileName().toString());
            if (cid.isPresent() && !marked.contains(cid.get())) {
                long size = Files.size(f);
                Files.delete(f);
                files[0]++;
                files[1] += size;
            }
        });
        long[] temps = new long[1];
        forEachIn(layout.tmp, f -> {
            if (Files.isRegularFile(f)) {
                Files.delete(f);
                temps[0]++;
            }
        });
        blocks.sync();
        try {
            AtomicFiles.syncDirectory(layout.files);
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            throw new AccelException(ErrorCode.IO_ERROR, "gc could not remove " + failures.size() + " file(s), first: " + failures.getFirst().getMessage(),
                    failures.getFirst());
        }
        return new GcReport(allRoots.size(), marked.size(), freed[0], freed[1], files[0], files[1], temps[0]);
    }

    private void mark(Cid root, String holder, Set<Cid> marked) {
        record Item(Cid cid, int depth) {
        }
        Deque<Item> stack = new ArrayDeque<>();
        stack.push(new Item(root, 0));
        while (!stack.isEmpty()) {
            Item it = stack.pop();
            if (!marked.add(it.cid)) {
                continue;
            }
            if (it.cid.codec() != Cid.DAG_PB) {
                continue; // raw leaves (and blocks of codecs whose links we cannot read) end the walk
            }
            if (it.depth > 2 * StoreLimits.MAX_DAG_DEPTH) {
                throw refuse(holder, it.cid, "is nested deeper than " + 2 * StoreLimits.MAX_DAG_DEPTH);
            }
            byte[] block;
            try {
                block = blocks.get(it.cid).orElseThrow(() -> new BlockNotFoundException(it.cid));
            } catch (BlockNotFoundException e) {
                throw refuse(holder, it.cid, "is missing");
            } catch (BlockIntegrityException e) {
                throw refuse(holder, it.cid, "is corrupt (" + e.getMessage() + ")");
            }
            List<PBLink> links;
            try {
                links = DagPb.decode(block).links();
            } catch (AccelException e) {
                throw refuse(holder, it.cid, "cannot be decoded (" + e.getMessage() + ")");
            }
            for (PBLink l : links) {
                stack.push(new Item(l.hash(), it.depth + 1));
            }
        }
    }

    private static AccelException refuse(String holder, Cid block, String what) {
        return new AccelException(what.startsWith("is missing") ? ErrorCode.IO_ERROR : ErrorCode.INTEGRITY,
                "gc removed nothing: block " + block + ", needed by " + holder + ", " + what
                        + "; what lies under it cannot be known. Run `accel store verify`, restore the block with"
                        + " `accel store import-car FILE.car`, or unpin / remove what needs it");
    }

    // --------------------------------------------------------------------------------------- verify

    VerifyReport verify(boolean repair, UnixFsExporter exporter, LongConsumer progress) {
        List<VerifyReport.Problem> problems = new ArrayList<>();
        long[] checked = new long[2];
        blocks.forEachFile((cid, path) -> {
            if (cid.isEmpty()) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.STRAY_FILE, Optional.empty(), path,
                        "not a block file name (left alone)"));
                return;
            }
            long size = 0;
            try {
                byte[] bytes = DiskBlockstore.readBlockFile(cid.get(), path);
                size = bytes.length;
                if (!cid.get().matches(bytes)) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.BAD_BLOCK, cid, path, "bytes do not hash to the CID"));
                }
            } catch (BlockIntegrityException e) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.BAD_BLOCK, cid, path, e.getMessage()));
            } catch (java.nio.file.NoSuchFileException e) {
                return; // removed meanwhile
            } catch (IOException e) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.BAD_BLOCK, cid, path, "cannot be read: " + e.getMessage()));
            }
            checked[0]++;
            checked[1] += size;
            progress.accept(size);
        });
        long[] files = new long[1];
        forEachIn(layout.files, f -> {
            Optional<Cid> cid = StoreLayout.cidOf(f.getFileName().toString());
            if (cid.isEmpty()) {
                return;
            }
            files[0]++;
            try {
                FileMaterializer.difference(exporter, cid.get(), f, progress).ifPresent(d -> problems.add(
                        new VerifyReport.Problem(VerifyReport.Kind.BAD_MATERIALIZED_FILE, cid, f, d)));
            } catch (BlockIntegrityException e) {
                // the bad block is reported above; this copy may be the last good one, so it stays
            } catch (BlockNotFoundException e) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.BAD_MATERIALIZED_FILE, cid, f,
                        "its DAG is incomplete (" + e.getMessage() + ")"));
            } catch (AccelException e) {
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.BAD_MATERIALIZED_FILE, cid, f, e.getMessage()));
            }
        });
        if (repair) {
            for (VerifyReport.Problem p : problems) {
                if (p.kind() != VerifyReport.Kind.STRAY_FILE) {
                    AtomicFiles.deleteQuietly(p.file());
                }
            }
        }
        return new VerifyReport(checked[0], checked[1], files[0], problems, repair && !problems.isEmpty());
    }

    // ----------------------------------------------------------------------------------------- stat

    StoreStats stat() {
        long[] all = new long[2];
        blocks.forEachFile((cid, path) -> {
            if (cid.isPresent()) {
                all[0]++;
                all[1] += fileSize(path);
            }
        });
        long[] mat = new long[2];
        forEachIn(layout.files, f -> {
            if (StoreLayout.cidOf(f.getFileName().toString()).isPresent()) {
                mat[0]++;
                mat[1] += Files.size(f);
            }
        });
        Map<Cid, PinKind> pinned = pins.list();
        List<ModelEntry> models = registry.list();
        Map<Cid, Long> tree = new HashMap<>();
        Map<Cid, Long> own = new HashMap<>();
        long[] missing = new long[1];
        long logical = 0;
        Set<Cid> counted = new HashSet<>();
        for (Cid root : recursiveRoots().keySet()) {
            if (counted.add(root)) {
                logical += treeSize(root, tree, own, missing, 0);
            }
        }
        for (Map.Entry<Cid, PinKind> p : pinned.entrySet()) {
            if (p.getValue() == PinKind.DIRECT && counted.add(p.getKey())) {
                long s = blocks.blockSize(p.getKey());
                if (s < 0) {
                    missing[0]++;
                } else {
                    own.putIfAbsent(p.getKey(), s);
                    logical += s;
                }
            }
        }
        long reachableBytes = own.values().stream().mapToLong(Long::longValue).sum();
        return new StoreStats(all[0], all[1], pinned.size(), models.size(), own.size(), reachableBytes, missing[0], logical,
                logical - reachableBytes, mat[0], mat[1]);
    }

    private long treeSize(Cid cid, Map<Cid, Long> tree, Map<Cid, Long> own, long[] missing, int depth) {
        Long known = tree.get(cid);
        if (known != null) {
            return known;
        }
        if (depth > 2 * StoreLimits.MAX_DAG_DEPTH) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "DAG nested deeper than " + 2 * StoreLimits.MAX_DAG_DEPTH + " at " + cid);
        }
        long size;
        if (cid.codec() == Cid.DAG_PB) {
            Optional<byte[]> block;
            try {
                block = blocks.get(cid);
            } catch (BlockIntegrityException e) {
                block = Optional.empty();
            }
            if (block.isEmpty()) {
                missing[0]++;
                size = 0;
            } else {
                size = block.get().length;
                own.put(cid, size);
                for (PBLink l : DagPb.decode(block.get()).links()) {
                    size += treeSize(l.hash(), tree, own, missing, depth + 1);
                }
            }
        } else {
            size = blocks.blockSize(cid);
            if (size < 0) {
                missing[0]++;
                size = 0;
            } else {
                own.put(cid, size);
            }
        }
        tree.put(cid, size);
        return size;
    }

    // -------------------------------------------------------------------------------------- helpers

    private interface FileAction {
        void accept(Path file) throws IOException;
    }

    private static void forEachIn(Path dir, FileAction action) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path f : s) {
                try {
                    action.accept(f);
                } catch (java.nio.file.NoSuchFileException ignored) {
                    // removed meanwhile
                }
            }
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long fileSize(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }
}
