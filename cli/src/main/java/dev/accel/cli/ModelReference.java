package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelRuntime;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.MappedFile;
import dev.accel.store.local.ModelEntry;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.DirectoryEntry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A model named on the command line, found in the store: a registry name (a bundled model is imported on
 * first use, see {@link ModelBootstrap}), a CID, or {@code CID/path} inside a directory. For a directory the
 * ONNX file is {@code model.onnx}, else its only {@code .onnx} file.
 *
 * @param label     what the user wrote
 * @param entry     the registry entry, when named
 * @param root      the CID the name or text resolved to (a directory or a file)
 * @param directory whether {@code root} is a UnixFS directory
 * @param onnx      the ONNX file's CID, when there is one
 * @param onnxName  the ONNX file's name in the directory ({@code ""} when {@code root} is the file)
 * @param bootstrap what {@link ModelBootstrap} did, when the name is a bundled model
 */
record ModelReference(String label, Optional<ModelEntry> entry, Cid root, boolean directory, Optional<Cid> onnx, String onnxName,
                      Optional<ModelBootstrap.Result> bootstrap) {

    /**
     * Resolves {@code model} in {@code store}.
     *
     * @param importBundled whether a bundled model that is not in the store may be imported now
     * @param progress      receives bytes written while importing
     */
    static ModelReference resolve(ModelStore store, String model, boolean importBundled, LongConsumer progress) {
        Optional<ModelEntry> entry = store.registry().get(model);
        Optional<ModelBootstrap.Result> boot = Optional.empty();
        Cid root;
        if (entry.isEmpty() && ModelBootstrap.bundled(model).isPresent()) {
            if (!importBundled) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "the bundled model " + model + " is not in this store yet;"
                        + " `accel embed --model " + model + " hello` or `accel demo` imports it");
            }
            boot = Optional.of(ModelBootstrap.ensure(store, ModelBootstrap.bundled(model).get(), progress));
            entry = Optional.of(boot.get().entry());
        }
        String path = "";
        if (entry.isPresent()) {
            root = entry.get().root();
            if (!store.blocks().has(root)) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "the registry names " + model + " as " + root
                        + ", which is not in this store (removed by hand?); " + fetchHint(root)
                        + (ModelBootstrap.bundled(model).isPresent() ? ", or `accel models rm " + model + "` and run again to re-import it" : ""));
            }
        } else {
            StoreCommand.CidPath cp;
            try {
                cp = StoreCommand.CidPath.parse(model);
            } catch (RuntimeException e) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "no model named \"" + model + "\" in the registry, and it is not a CID"
                        + " (list the models with `accel models list`; bundled: "
                        + ModelBootstrap.BUNDLED.stream().map(ModelBootstrap.Bundled::name).toList() + ")");
            }
            if (!store.blocks().has(cp.cid())) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, cp.cid() + " is not in this store; " + fetchHint(cp.cid()));
            }
            root = cp.resolve(store);
            path = cp.path();
        }
        boolean dir = store.isDirectory(root);
        if (!dir) {
            return new ModelReference(model, entry, root, false, Optional.of(root), path.isEmpty() ? "" : path, boot);
        }
        List<DirectoryEntry> files = store.list(root);
        Optional<DirectoryEntry> pick = files.stream().filter(e -> e.name().equals(ModelBootstrap.MODEL_FILE)).findFirst();
        if (pick.isEmpty()) {
            List<DirectoryEntry> onnx = files.stream().filter(e -> e.name().toLowerCase(Locale.ROOT).endsWith(".onnx")).toList();
            if (onnx.size() == 1) {
                pick = Optional.of(onnx.getFirst());
            }
        }
        return new ModelReference(model, entry, root, true, pick.map(DirectoryEntry::cid), pick.map(DirectoryEntry::name).orElse(""), boot);
    }

    /** Says on {@code err} that this resolution imported a bundled model, with its CID and the time taken. */
    void reportImport(java.io.PrintWriter err) {
        bootstrap.filter(ModelBootstrap.Result::imported).ifPresent(b -> err.printf(Locale.ROOT,
                "imported %s into the store as %s in %.2f s (from %s)%n", label, b.entry().root(), b.importNanos() / 1e9,
                b.carrier().map(Object::toString).orElse("?")));
    }

    /** How to get a CID that is not in the store. */
    static String fetchHint(Cid cid) {
        return "get it with `accel store import-car FILE.car` (a CAR holding " + cid + "), `accel store fetch " + cid
                + " --from URL` where this build has it, or add the files with `accel store add PATH` / `accel models add NAME PATH`";
    }

    /** The ONNX file's CID, or an error that says what the model holds instead. */
    Cid requireOnnx(ModelStore store) {
        return onnx.orElseThrow(() -> new AccelException(ErrorCode.INVALID_ARGUMENT, label + " (" + root + ") is a directory without "
                + ModelBootstrap.MODEL_FILE + " or a single .onnx file; it holds " + store.list(root).stream().map(DirectoryEntry::name).toList()
                + " (name the file with CID/path)"));
    }

    /**
     * The model file for a runtime that reads another format (a QNN context binary, an .mlmodel): the file the
     * reference names, the ONNX file of a directory, or a directory's only file.
     */
    Cid requireModelFile(ModelStore store) {
        if (!directory) {
            return root;
        }
        if (onnx.isPresent()) {
            return onnx.get();
        }
        List<DirectoryEntry> files = store.list(root);
        if (files.size() == 1) {
            return files.getFirst().cid();
        }
        throw new AccelException(ErrorCode.INVALID_ARGUMENT, label + " (" + root + ") is a directory of " + files.size()
                + " entries " + files.stream().map(DirectoryEntry::name).toList() + "; name the model file with CID/path");
    }

    /** A small file of the directory as text (every block verified), if the directory has it. */
    Optional<String> readText(ModelStore store, String name) {
        if (!directory) {
            return Optional.empty();
        }
        Optional<DirectoryEntry> e = store.list(root).stream().filter(d -> d.name().equals(name)).findFirst();
        if (e.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = store.openFile(e.get().cid()).newInputStream()) {
            byte[] bytes = in.readNBytes(ModelConfig.MAX_BYTES + 1);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException x) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + name + " of " + root + ": " + x.getMessage(), x);
        }
    }

    /** A file of the directory mapped read-only into {@code scope} (zero-copy after the first open). */
    MappedFile map(ModelStore store, String name, MemoryScope scope) {
        return store.open(store.resolve(root, name), scope);
    }

    /** {@code all-minilm-l6-v2 = bafy.../model.onnx}. */
    String describe() {
        String where = root + (onnxName.isEmpty() || !directory ? "" : "/" + onnxName);
        return label.equals(root.toString()) ? where : label + " = " + where;
    }

    /**
     * A session on {@code store}'s mapped ONNX file, and how long each step took.
     *
     * @param session        the caller closes it
     * @param runtime        the runtime that made it
     * @param modelBytes     size of the ONNX file
     * @param openNanos      {@link ModelStore#open} (mapping; on the first open of a file, also the verified copy)
     * @param materialized   whether that open made the verified copy under {@code files/}
     * @param sessionNanos   {@link ModelRuntime#open}
     */
    record Opened(ModelSession session, ModelRuntime runtime, long modelBytes, long openNanos, boolean materialized, long sessionNanos)
            implements AutoCloseable {
        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * Maps the ONNX file from the store (no copy into the Java heap) and creates a session on it. The
     * mapping is released once the session exists: ONNX Runtime keeps its own copy of the weights.
     */
    Opened openSession(ModelStore store, SessionOptions options) {
        return openSession(store, options, "cpu");
    }

    /**
     * As {@link #openSession(ModelStore, SessionOptions)}, on {@code device}: a device of a model runtime of its
     * own ({@code openvino:CPU}, {@code qnn:htp}, {@code coreml:ane}; see {@link #runtimeDevice}) opens the file
     * with that runtime, anything else with the ONNX runtime and the execution providers of {@link #providers}.
     */
    Opened openSession(ModelStore store, SessionOptions options, String device) {
        Optional<RuntimeDevice> named = runtimeDevice(device);
        Cid file = named.isPresent() ? requireModelFile(store) : requireOnnx(store);
        ModelRuntime runtime = named.isPresent() ? availableRuntime(named.get().runtime()) : ModelRuntimes.forFormat("onnx");
        try (MemoryScope mapping = MemoryScope.shared()) {
            AtomicLong written = new AtomicLong();
            long t0 = System.nanoTime();
            MappedFile mapped = store.open(file, mapping, written::addAndGet);
            long t1 = System.nanoTime();
            ModelSession session = named.isPresent()
                    ? runtime.open(mapped.memory(), options, named.get().device())
                    : runtime.open(mapped.memory(), options);
            long t2 = System.nanoTime();
            return new Opened(session, runtime, mapped.size(), t1 - t0, written.get() > 0, t2 - t1);
        }
    }

    /**
     * The execution providers for {@code --device}: {@code auto} picks the first of CUDA, CoreML, OpenVINO,
     * QNN present in the runtime's build (with CPU after it for the operators it lacks), else CPU;
     * {@code cpu}, {@code cuda}, {@code cuda:0}, {@code openvino}, {@code coreml}, {@code qnn} name one (a
     * provider missing from the build makes the session fail with the runtime's clear error).
     */
    static List<ExecutionProvider> providers(String device) {
        Optional<RuntimeDevice> named = runtimeDevice(device);
        if (named.isPresent()) {
            return List.of(ExecutionProvider.parse(named.get().runtime()));
        }
        String d = device.toLowerCase(Locale.ROOT).strip();
        if (d.equals("auto")) {
            List<ExecutionProvider> present;
            try {
                present = ModelRuntimes.forFormat("onnx").providers();
            } catch (AccelException e) {
                present = List.of(ExecutionProvider.CPU);
            }
            for (ExecutionProvider p : List.of(ExecutionProvider.CUDA, ExecutionProvider.COREML, ExecutionProvider.OPENVINO, ExecutionProvider.QNN)) {
                if (present.contains(p)) {
                    return List.of(p, ExecutionProvider.CPU);
                }
            }
            return List.of(ExecutionProvider.CPU);
        }
        if (d.equals("cuda:0")) {
            d = "cuda";
        }
        List<ExecutionProvider> out = new ArrayList<>();
        try {
            out.add(ExecutionProvider.parse(d));
        } catch (IllegalArgumentException e) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "--device " + device + ": " + e.getMessage() + ", or auto");
        }
        if (out.getFirst() != ExecutionProvider.CPU) {
            out.add(ExecutionProvider.CPU);
        }
        return out;
    }

    /** A device of a model runtime that picks devices by name: {@code openvino:CPU} is runtime openvino, device CPU. */
    record RuntimeDevice(String runtime, String device) {
    }

    /** The model runtimes whose devices {@code --device RUNTIME:NAME} names (each runs its own model format). */
    static final List<String> NAMED_DEVICE_RUNTIMES = List.of("openvino", "qnn", "coreml");

    /** {@code openvino:CPU}, {@code qnn:htp}, {@code coreml:ane} as runtime and device name; empty for other specs. */
    static Optional<RuntimeDevice> runtimeDevice(String device) {
        String d = device.strip();
        int colon = d.indexOf(':');
        if (colon <= 0 || colon == d.length() - 1) {
            return Optional.empty();
        }
        String runtime = d.substring(0, colon).toLowerCase(Locale.ROOT);
        return NAMED_DEVICE_RUNTIMES.contains(runtime) ? Optional.of(new RuntimeDevice(runtime, d.substring(colon + 1))) : Optional.empty();
    }

    private static ModelRuntime availableRuntime(String name) {
        ModelRuntime runtime = ModelRuntimes.get(name);
        if (!runtime.availability().available()) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "model runtime '" + name + "' cannot run here: " + runtime.availability().reason());
        }
        return runtime;
    }

    /** Session options for {@code --device} and {@code --threads} (0: the runtime's default). */
    static SessionOptions options(String device, int threads) {
        if (threads < 0) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "--threads must be >= 0 (0 = one per core), got " + threads);
        }
        return SessionOptions.defaults().withIntraOpThreads(threads).withProviders(providers(device).toArray(ExecutionProvider[]::new));
    }
}
