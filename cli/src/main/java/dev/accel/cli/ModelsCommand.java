package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.store.local.ModelEntry;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code accel models}: the model registry (names mapped to root CIDs and manifests) in the store. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"The model registry: names mapped to a root CID and a manifest, in the store.",
                "Store folder: --store DIR, else $ACCEL_STORE, else ~/.cache/accel/store."},
        subcommands = {ModelsCommand.Add.class, ModelsCommand.ListModels.class, ModelsCommand.Info.class, ModelsCommand.Rm.class})
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Store folder (default: $ACCEL_STORE, else ~/.cache/accel/store).")
    Path store;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A registry entry as a JSON object: name, root and the manifest's keys. */
    static Map<String, Object> entryJson(ModelEntry e) {
        return JsonObjects.of("name", e.name(), "root", e.root().toString(), "manifest", e.manifest().toMap());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Import a model file or folder and record it as NAME (e.g. llama-3-8b or org/model)."})
    static final class Add implements Runnable {
        @ParentCommand
        ModelsCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.")
        String name;
        @Parameters(index = "1", paramLabel = "PATH", description = "The model's file or folder.")
        Path path;
        @Option(names = "--profile", paramLabel = "NAME", defaultValue = "unixfs-v1-2025", converter = StoreCommand.ProfileConverter.class,
                description = "Import profile: unixfs-v1-2025 (default), cidv1-raw, kubo-legacy.")
        ImportProfile profile;
        @Option(names = "--format", paramLabel = "FORMAT", description = "The model's format (default: detected: onnx, safetensors, gguf, ...).")
        String format;
        @Option(names = "--replace", description = "Replace an existing entry of that name.")
        boolean replace;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            if (!Files.exists(path)) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "no such file or folder: " + path);
            }
            try (ModelStore store = StoreCommand.open(parent.store)) {
                StoreProgress progress = StoreProgress.of(spec.commandLine().getErr(), "adding " + name, StoreCommand.sizeOf(path));
                ModelEntry e = store.addModel(name, path, profile, format, replace, progress);
                progress.done();
                PrintWriter out = spec.commandLine().getOut();
                out.println(json ? Json.write(entryJson(e)) : "added model " + e.name() + " " + e.root() + " (" + e.manifest().format() + ", "
                        + StoreProgress.bytes(e.manifest().size()) + ")");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List the models: name, root CID, format, size."})
    static final class ListModels implements Runnable {
        @ParentCommand
        ModelsCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            try (ModelStore store = StoreCommand.open(parent.store)) {
                List<ModelEntry> all = store.registry().list();
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.write(all.stream().map(ModelsCommand::entryJson).toList()));
                } else {
                    for (ModelEntry e : all) {
                        out.printf("%-30s %s %-12s %s%n", e.name(), e.root(), e.manifest().format(), StoreProgress.bytes(e.manifest().size()));
                    }
                }
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = {"Show a model's registry entry and manifest and, for an ONNX model, its inputs and outputs (dtypes,",
                    "symbolic dims), IR version, producer and opsets, read from a session on the mapped file."})
    static final class Info implements Runnable {
        @ParentCommand
        ModelsCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME|CID", description = "The model's name, or a CID (CID/path in a directory).")
        String name;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            try (ModelStore store = StoreCommand.open(parent.store)) {
                Optional<ModelEntry> named = store.registry().get(name);
                if (named.isEmpty() && ModelBootstrap.bundled(name).isEmpty() && !looksLikeCid(name)) {
                    throw notFound(name);
                }
                ModelReference ref = ModelReference.resolve(store, name, false, l -> {
                });
                PrintWriter out = spec.commandLine().getOut();
                ModelInfo info = ModelInfo.of(store, ref);
                if (json) {
                    out.println(info.json(ref));
                } else {
                    info.print(out, ref);
                }
                out.flush();
            }
        }

        private static boolean looksLikeCid(String text) {
            try {
                StoreCommand.CidPath.parse(text);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = {"Remove a model's registry entry. Its blocks go at the next `accel store gc` unless pinned or named otherwise."})
    static final class Rm implements Runnable {
        @ParentCommand
        ModelsCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "The model's name.")
        String name;

        @Override
        public void run() {
            try (ModelStore store = StoreCommand.open(parent.store)) {
                ModelEntry e = store.removeModel(name).orElseThrow(() -> notFound(name));
                spec.commandLine().getOut().println("removed model " + e.name() + " (root " + e.root() + "); its blocks go at the next `accel store gc`");
            }
        }
    }

    static AccelException notFound(String name) {
        return new AccelException(ErrorCode.INVALID_ARGUMENT, "no model named \"" + name + "\" (list them with `accel models list`)");
    }
}
