package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.store.StoreLimits;
import dev.accel.store.block.BlockSink;
import dev.accel.store.car.CarImporter;
import dev.accel.store.car.CarWriter;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.internal.StoreLock;
import dev.accel.store.unixfs.DirectoryEntry;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.ImportedNode;
import dev.accel.store.unixfs.UnixFsExporter;
import dev.accel.store.unixfs.UnixFsFile;
import dev.accel.store.unixfs.UnixFsImporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The local model store: blocks on disk ({@link DiskBlockstore}), pins ({@link PinSet}), the model registry
 * ({@link ModelRegistry}), GC, verification, statistics, and zero-copy mapped files ({@link #open}).
 *
 * <p>Where: {@link #resolveRoot}: {@code --store DIR}, else {@code $ACCEL_STORE}, else
 * {@code ~/.cache/accel/store}. Layout and design: {@code docs/store.md}.
 *
 * <p>Concurrency: every method is safe to call from any thread, and several processes may use one store
 * at once. Everything that writes blocks or pins holds the store's shared lock; {@link #gc} holds it
 * exclusive, so an import (blocks written, then pinned or named, under one shared lease) is never half
 * collected. Progress callbacks receive byte counts as work advances, on the calling thread.
 *
 * <p>Closing flushes pending folder syncs; the store holds no other resource (the lock file stays open for
 * the JVM's lifetime, shared by every {@code ModelStore} on the same root).
 */
public final class ModelStore implements AutoCloseable {
    /** The environment variable that names the store's folder. */
    public static final String ENV = "ACCEL_STORE";

    private final StoreLayout layout;
    private final StoreLock lock;
    private final DiskBlockstore blocks;
    private final PinSet pins;
    private final ModelRegistry registry;
    private final UnixFsExporter exporter;
    private final FileMaterializer materializer;

    private ModelStore(StoreLayout layout) {
        this.layout = layout;
        this.lock = StoreLock.of(layout.root);
        this.blocks = new DiskBlockstore(layout, lock);
        this.pins = new PinSet(layout, lock);
        this.registry = new ModelRegistry(layout, lock);
        this.exporter = new UnixFsExporter(blocks);
        this.materializer = new FileMaterializer(layout, lock, blocks, exporter);
    }

    /** Opens (creating if needed) the store in {@code root}. */
    public static ModelStore open(Path root) {
        return new ModelStore(StoreLayout.open(root));
    }

    /**
     * The store folder to use: {@code explicit} if given (from {@code --store}), else {@code $ACCEL_STORE}
     * if set and not blank, else {@code ~/.cache/accel/store}.
     */
    public static Path resolveRoot(Optional<Path> explicit) {
        return resolveRoot(explicit, System.getenv(ENV), System.getProperty("user.home"));
    }

    static Path resolveRoot(Optional<Path> explicit, String env, String home) {
        if (explicit.isPresent()) {
            return explicit.get().toAbsolutePath().normalize();
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return Path.of(home, ".cache", "accel", "store");
    }

    public Path root() {
        return layout.root;
    }

    /** The verified on-disk block store (reads re-hash every block). */
    public DiskBlockstore blocks() {
        return blocks;
    }

    public PinSet pins() {
        return pins;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** An exporter over this store's blocks (verified reads). */
    public UnixFsExporter exporter() {
        return exporter;
    }

    // ---------------------------------------------------------------- adding

    /**
     * Imports a file or folder with {@code profile}; when {@code pin}, pins the root recursively before the
     * store's shared lease is released (so no GC can collect the blocks in between).
     *
     * @param progress receives the bytes of every block written (content plus a little DAG overhead)
     */
    public ImportedNode add(Path path, ImportProfile profile, boolean pin, LongConsumer progress) {
        requireExists(path);
        try (StoreLock.Lease ignored = lock.shared()) {
            ImportedNode node = new UnixFsImporter(profile, counting(progress)).importPath(path);
            blocks.sync();
            if (pin) {
                pins.add(node.cid(), PinKind.RECURSIVE);
            }
            return node;
        }
    }

    /** Imports the bytes of {@code in} as one file, pinned recursively when {@code pin}. */
    public ImportedNode add(InputStream in, ImportProfile profile, boolean pin, LongConsumer progress) {
        try (StoreLock.Lease ignored = lock.shared()) {
            ImportedNode node = new UnixFsImporter(profile, counting(progress)).importFile(in);
            blocks.sync();
            if (pin) {
                pins.add(node.cid(), PinKind.RECURSIVE);
            }
            return node;
        }
    }

    /**
     * Imports {@code path} and records it in the registry as {@code name}, with a manifest
     * ({@code format} may be {@code null}: detected from the path).
     *
     * @param replace whether an entry of that name may be replaced (its old DAG stays until GC)
     */
    public ModelEntry addModel(String name, Path path, ImportProfile profile, String format, boolean replace, LongConsumer progress) {
        ModelRegistry.checkName(name);
        requireExists(path);
        if (!replace) {
            registry.get(name).ifPresent(old -> {
                throw ModelRegistry.taken(old);
            });
        }
        try (StoreLock.Lease ignored = lock.shared()) {
            ImportedNode node = new UnixFsImporter(profile, counting(progress)).importPath(path);
            blocks.sync();
            ModelManifest manifest = ModelManifest.of(format == null ? detectFormat(path) : format, node.contentSize(),
                    path.toAbsolutePath().normalize().toString(), profile.profileName(), Instant.now());
            ModelEntry entry = new ModelEntry(name, node.cid(), manifest);
            registry.put(entry, replace);
            return entry;
        }
    }

    /**
     * Records an existing DAG in the registry (after {@link #importCar}, for example). The DAG must be
     * complete in the store.
     */
    public ModelEntry nameModel(String name, Cid root, ModelManifest manifest, boolean replace) {
        try (StoreLock.Lease ignored = lock.shared()) {
            requireComplete(root, "name it");
            ModelEntry entry = new ModelEntry(name, root, manifest);
            registry.put(entry, replace);
            return entry;
        }
    }

    /** Removes a registry entry (its blocks go at the next GC unless pinned or named otherwise). */
    public Optional<ModelEntry> removeModel(String name) {
        return registry.remove(name);
    }

    /** The format a model path looks like: by extension for a file, by the files inside for a folder. */
    public static String detectFormat(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path, 4)) {
                List<String> kinds = walk.filter(Files::isRegularFile).map(p -> formatOfName(p.getFileName().toString()))
                        .filter(f -> !f.equals("file")).distinct().toList();
                return kinds.size() == 1 ? kinds.getFirst() : "directory";
            } catch (IOException e) {
                return "directory";
            }
        }
        return formatOfName(path.getFileName().toString());
    }

    private static String formatOfName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String ext : List.of("onnx", "safetensors", "gguf", "tflite", "pt", "npy")) {
            if (n.endsWith("." + ext)) {
                return ext;
            }
        }
        return "file";
    }

    // ---------------------------------------------------------------- CAR

    /**
     * Imports a CAR all or nothing (see {@link CarImporter}); when {@code pinRoots}, pins each root whose DAG
     * is complete in the store recursively and reports the others with the first missing block.
     */
    public CarImportReport importCar(Path car, boolean pinRoots, LongConsumer progress) {
        requireExists(car);
        try (StoreLock.Lease ignored = lock.shared()) {
            CarImporter.Result r = new CarImporter(counting(progress), layout.tmp).importCar(car);
            blocks.sync();
            List<Cid> pinned = new ArrayList<>();
            Map<Cid, String> notPinned = new LinkedHashMap<>();
            if (pinRoots) {
                for (Cid root : r.header().roots()) {
                    Optional<Cid> missing = firstMissing(root);
                    if (missing.isPresent()) {
                        notPinned.put(root, "its DAG is incomplete: block " + missing.get() + " is not in the store");
                    } else {
                        pins.add(root, PinKind.RECURSIVE);
                        pinned.add(root);
                    }
                }
            }
            return new CarImportReport(r, pinned, notPinned);
        }
    }

    /** Writes a CARv1 of the DAGs under {@code roots} (every block verified on read); returns the blocks written. */
    public long exportCar(List<Cid> roots, OutputStream out) {
        for (Cid root : roots) {
            if (!blocks.has(root)) {
                throw notInStore(root);
            }
        }
        return CarWriter.writeDag(blocks, roots, out);
    }

    // ---------------------------------------------------------------- reading

    /** Opens a file for streaming or random access (every block verified as read). */
    public UnixFsFile openFile(Cid root) {
        if (!blocks.has(root)) {
            throw notInStore(root);
        }
        return exporter.openFile(root);
    }

    /** The entries of a directory. */
    public List<DirectoryEntry> list(Cid dir) {
        if (!blocks.has(dir)) {
            throw notInStore(dir);
        }
        return exporter.list(dir);
    }

    /** Whether {@code cid} is a UnixFS directory. */
    public boolean isDirectory(Cid cid) {
        if (!blocks.has(cid)) {
            throw notInStore(cid);
        }
        return exporter.isDirectory(cid);
    }

    /** Writes the file or folder {@code root} to {@code target} (which must not exist). */
    public void export(Cid root, Path target) {
        if (!blocks.has(root)) {
            throw notInStore(root);
        }
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, target + " already exists; choose a new path");
        }
        exporter.exportTo(root, target);
    }

    /**
     * The CID at {@code path} (names separated by {@code /}) under the directory {@code root}; an empty
     * path is {@code root} itself.
     */
    public Cid resolve(Cid root, String path) {
        Cid cur = root;
        for (String name : path.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            Cid dir = cur;
            cur = list(dir).stream().filter(e -> e.name().equals(name)).map(DirectoryEntry::cid).findFirst()
                    .orElseThrow(() -> new AccelException(ErrorCode.INVALID_ARGUMENT, "no entry \"" + name + "\" in directory " + dir));
        }
        return cur;
    }

    /**
     * Maps the UnixFS file {@code root} read-only into {@code scope}: one contiguous segment of the whole
     * file, however large. The first open of a file makes a verified materialized copy under {@code files/}
     * (every block re-hashed as it is streamed; a bad block fails the open with
     * {@link dev.accel.store.BlockIntegrityException} naming the block and its file); later opens only check
     * the copy's size against the DAG and map it: no bytes are copied or hashed. See {@code docs/store.md}.
     */
    public MappedFile open(Cid root, MemoryScope scope) {
        return open(root, scope, false);
    }

    /**
     * As {@link #open(Cid, MemoryScope)}; with {@code verify}, also compares an existing materialized copy
     * with the DAG (reading and hashing every block) before mapping it, and re-makes it if it differs.
     */
    public MappedFile open(Cid root, MemoryScope scope, boolean verify) {
        Objects.requireNonNull(scope, "scope");
        if (!blocks.has(root)) {
            throw notInStore(root);
        }
        return materializer.open(root, scope, verify, l -> {
        });
    }

    /** As {@link #open(Cid, MemoryScope)}, reporting the bytes written while materializing. */
    public MappedFile open(Cid root, MemoryScope scope, LongConsumer progress) {
        if (!blocks.has(root)) {
            throw notInStore(root);
        }
        return materializer.open(root, scope, false, progress);
    }

    // ---------------------------------------------------------------- pins

    /**
     * Pins {@code cid}. A recursive pin needs the whole DAG in the store; a direct pin needs the block.
     *
     * @return the kind the CID is pinned with afterwards
     */
    public PinKind pin(Cid cid, PinKind kind) {
        try (StoreLock.Lease ignored = lock.shared()) {
            if (kind == PinKind.RECURSIVE) {
                requireComplete(cid, "pin it recursively");
            } else if (!blocks.has(cid)) {
                throw notInStore(cid);
            }
            return pins.add(cid, kind);
        }
    }

    /** Removes the pin of {@code cid}; returns the kind it had, or empty if it was not pinned. */
    public Optional<PinKind> unpin(Cid cid) {
        return Optional.ofNullable(pins.remove(cid));
    }

    /** The first block of the DAG under {@code root} that is not in the store, if any (dag-pb nodes are read and verified). */
    public Optional<Cid> firstMissing(Cid root) {
        Set<Cid> seen = new HashSet<>();
        Deque<Cid> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Cid c = stack.pop();
            if (!seen.add(c)) {
                continue;
            }
            if (c.codec() == Cid.DAG_PB) {
                Optional<byte[]> block = blocks.get(c);
                if (block.isEmpty()) {
                    return Optional.of(c);
                }
                for (PBLink link : DagPb.decode(block.get()).links()) {
                    stack.push(link.hash());
                }
            } else if (!blocks.has(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- maintenance

    /**
     * Mark and sweep: marks every block reachable from pins (recursive: the DAG; direct: the block) and
     * registry entries, then removes every other block, the materialized files of unreachable roots and the
     * leftovers in {@code tmp/}. Holds the store exclusive: waits for imports in every process to finish,
     * and they wait for it. Refuses (removing nothing) when a pinned or named DAG has a missing or corrupt
     * node, because what lies under it cannot be known.
     *
     * @param progress receives the bytes of each block removed
     */
    public GcReport gc(LongConsumer progress) {
        try (StoreLock.Lease ignored = lock.exclusive()) {
            return new StoreMaintenance(layout, blocks, pins, registry).gc(progress);
        }
    }

    /**
     * Re-hashes every block and compares every materialized file with its DAG. With {@code repair}, removes
     * the bad block files and bad materialized files (a bad block can then be restored by importing it
     * again, e.g. with {@code accel store import-car}; a materialized file is re-made on the next open).
     *
     * @param progress receives the bytes of each block or file checked
     */
    public VerifyReport verify(boolean repair, LongConsumer progress) {
        try (StoreLock.Lease ignored = lock.shared()) {
            return new StoreMaintenance(layout, blocks, pins, registry).verify(repair, exporter, progress);
        }
    }

    /** Counts blocks, bytes, pins, models, reachable and logical bytes (see {@link StoreStats}). */
    public StoreStats stat() {
        try (StoreLock.Lease ignored = lock.shared()) {
            return new StoreMaintenance(layout, blocks, pins, registry).stat();
        }
    }

    @Override
    public void close() {
        blocks.sync();
    }

    // ---------------------------------------------------------------- helpers

    private void requireComplete(Cid root, String what) {
        Optional<Cid> missing = firstMissing(root);
        if (missing.isPresent()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "cannot " + what + ": the DAG under " + root + " is incomplete (block "
                    + missing.get() + " is not in this store); import the missing blocks with `accel store import-car FILE.car`");
        }
    }

    /** The error for a CID that is not in the store, with how to get it. */
    public static AccelException notInStore(Cid cid) {
        return new AccelException(ErrorCode.INVALID_ARGUMENT, cid + " is not in this store; add it with `accel store add PATH`"
                + " or `accel store import-car FILE.car`");
    }

    private static void requireExists(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "no such file or folder: " + path);
        }
    }

    private BlockSink counting(LongConsumer progress) {
        return (cid, block) -> {
            if (block.length > StoreLimits.MAX_BLOCK_SIZE) {
                throw new AccelException(ErrorCode.OUT_OF_MEMORY, "block " + cid + " is over the block size limit");
            }
            blocks.put(cid, block);
            progress.accept(block.length);
        };
    }
}
