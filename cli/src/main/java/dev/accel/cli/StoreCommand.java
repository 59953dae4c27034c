package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.store.car.CarHeader;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.CarImportReport;
import dev.accel.store.local.ModelStore;
import dev.accel.store.local.PinKind;
import dev.accel.store.unixfs.DirectoryEntry;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.ImportedNode;
import dev.accel.store.unixfs.UnixFsFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code accel store}: the local content-addressed store (add, read, pin, GC, verify, CAR). */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"The local content-addressed store, in IPFS's formats (CIDs, UnixFS, CAR).",
                "Store folder: --store DIR, else $ACCEL_STORE, else ~/.cache/accel/store."},
        subcommands = {StoreCommand.Add.class, StoreCommand.Cat.class, StoreCommand.Get.class, StoreCommand.Ls.class,
                StoreAdminCommands.Pin.class, StoreAdminCommands.Unpin.class, StoreAdminCommands.Gc.class,
                StoreAdminCommands.Verify.class, StoreAdminCommands.Stat.class,
                StoreCommand.ExportCar.class, StoreCommand.ImportCar.class, StoreFetchCommand.class, StorePushCommand.class})
final class StoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Store folder (default: $ACCEL_STORE, else ~/.cache/accel/store).")
    Path store;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the store that {@code --store} (or the environment) names. */
    static ModelStore open(Path store) {
        return ModelStore.open(ModelStore.resolveRoot(Optional.ofNullable(store)));
    }

    ModelStore open() {
        return open(store);
    }

    /** A CID, optionally followed by {@code /path} inside the directory it names. */
    record CidPath(Cid cid, String path) {
        static CidPath parse(String text) {
            int slash = text.indexOf('/');
            String c = slash < 0 ? text : text.substring(0, slash);
            return new CidPath(parseCid(c), slash < 0 ? "" : text.substring(slash + 1));
        }

        Cid resolve(ModelStore store) {
            return path.isEmpty() ? cid : store.resolve(cid, path);
        }

        @Override
        public String toString() {
            return path.isEmpty() ? cid.toString() : cid + "/" + path;
        }
    }

    static Cid parseCid(String text) {
        try {
            return Cid.parse(text);
        } catch (AccelException | IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a CID (" + e.getMessage() + "). A CID looks like"
                    + " bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi (CIDv1, base32) or"
                    + " QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o (CIDv0)");
        }
    }

    static final class CidPathConverter implements CommandLine.ITypeConverter<CidPath> {
        @Override
        public CidPath convert(String value) {
            return CidPath.parse(value);
        }
    }

    static final class CidConverter implements CommandLine.ITypeConverter<Cid> {
        @Override
        public Cid convert(String value) {
            return parseCid(value);
        }
    }

    static final class ProfileConverter implements CommandLine.ITypeConverter<ImportProfile> {
        @Override
        public ImportProfile convert(String value) {
            try {
                return ImportProfile.byName(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The bytes under {@code path}: a file's size or the sum of a folder's regular files (for progress). */
    static long sizeOf(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Import a file or folder as a UnixFS DAG and print its root CID. Pins it recursively unless --no-pin."})
    static final class Add implements Runnable {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PATH", description = "File or folder to import.")
        Path path;
        @Option(names = "--profile", paramLabel = "NAME", defaultValue = "unixfs-v1-2025", converter = ProfileConverter.class,
                description = "Import profile: unixfs-v1-2025 (default; CIDv1, 1 MiB chunks, raw leaves), cidv1-raw, kubo-legacy.")
        ImportProfile profile;
        @Option(names = "--no-pin", description = "Do not pin the result (the next gc removes it).")
        boolean noPin;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.exists(path)) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "no such file or folder: " + path);
            }
            try (ModelStore store = parent.open()) {
                StoreProgress progress = StoreProgress.of(spec.commandLine().getErr(), "adding " + path.getFileName(), sizeOf(path));
                ImportedNode node = store.add(path, profile, !noPin, progress);
                progress.done();
                if (json) {
                    out.println(Json.write(JsonObjects.of("cid", node.cid().toString(), "name", String.valueOf(path.getFileName()),
                            "size", node.contentSize(), "profile", profile.profileName(), "pinned", !noPin)));
                } else {
                    out.println("added " + node.cid() + " " + path.getFileName());
                }
            }
        }
    }

    @Command(name = "cat", mixinStandardHelpOptions = true,
            description = {"Write a file's bytes (every block verified) to standard output or to -o FILE."})
    static final class Cat implements Runnable {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "CID[/PATH]", converter = CidPathConverter.class, description = "The file's CID, or a directory's CID and a path in it.")
        CidPath target;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (must not exist) instead of standard output.")
        Path output;

        @Override
        public void run() {
            try (ModelStore store = parent.open()) {
                UnixFsFile file = store.openFile(target.resolve(store));
                if (output != null) {
                    boolean done = false;
                    try (OutputStream o = Files.newOutputStream(output, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        copy(file, o);
                        done = true;
                    } finally {
                        if (!done) {
                            deleteQuietly(output); // a damaged or missing block: no partial file is left behind
                        }
                    }
                } else {
                    spec.commandLine().getOut().flush();
                    OutputStream o = new BufferedOutputStream(System.out, 1 << 16);
                    copy(file, o);
                    o.flush();
                }
            } catch (IOException e) {
                throw new AccelException(ErrorCode.IO_ERROR, "cannot write " + (output == null ? "standard output" : output) + ": " + e.getMessage(), e);
            }
        }

        private void copy(UnixFsFile file, OutputStream o) throws IOException {
            StoreProgress progress = StoreProgress.of(spec.commandLine().getErr(), "reading " + target, file.size());
            byte[] buf = new byte[1 << 20];
            try (InputStream in = file.newInputStream()) {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    o.write(buf, 0, n);
                    progress.accept(n);
                }
            }
            progress.done();
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Write a file or folder out of the store (every block verified)."})
    static final class Get implements Runnable {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "CID[/PATH]", converter = CidPathConverter.class, description = "What to write out.")
        CidPath target;
        @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Where to write it (must not exist; default: ./CID).")
        Path output;

        @Override
        public void run() {
            try (ModelStore store = parent.open()) {
                Cid cid = target.resolve(store);
                Path to = output != null ? output : Path.of(cid.toString());
                boolean existed = Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                try {
                    store.export(cid, to);
                } catch (AccelException e) {
                    if (!existed) {
                        deleteTreeQuietly(to); // what was written before the failure goes, so no partial tree looks complete
                    }
                    throw e;
                }
                spec.commandLine().getOut().println("wrote " + target + " to " + to);
            }
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = {"List a directory's entries: CID, size, name (folders end with /)."})
    static final class Ls implements Runnable {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "CID[/PATH]", converter = CidPathConverter.class, description = "The directory.")
        CidPath target;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (ModelStore store = parent.open()) {
                List<Object> rows = new ArrayList<>();
                for (DirectoryEntry e : store.list(target.resolve(store))) {
                    boolean dir = store.blocks().has(e.cid()) && store.isDirectory(e.cid());
                    long size = dir || !store.blocks().has(e.cid()) ? e.tsize() : store.openFile(e.cid()).size();
                    if (json) {
                        rows.add(JsonObjects.of("name", e.name(), "cid", e.cid().toString(), "type", dir ? "directory" : "file", "size", size));
                    } else {
                        out.printf("%s %12d %s%s%n", e.cid(), size, e.name(), dir ? "/" : "");
                    }
                }
                if (json) {
                    out.println(Json.write(rows));
                }
            }
        }
    }

    @Command(name = "export-car", mixinStandardHelpOptions = true,
            description = {"Write the DAGs under ROOT... as a CARv1 file (every block verified)."})
    static final class ExportCar implements Runnable {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ROOT", arity = "1..*", converter = CidConverter.class, description = "Root CIDs.")
        List<Cid> roots;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The CAR file to write (must not exist).")
        Path output;

        @Override
        public void run() {
            try (ModelStore store = parent.open()) {
                for (Cid root : roots) {
                    if (!store.blocks().has(root)) {
                        throw ModelStore.notInStore(root);
                    }
                }
                long blocks;
                Path tmp = output.toAbsolutePath().resolveSibling(output.getFileName() + ".partial");
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                    blocks = store.exportCar(roots, o);
                } catch (IOException | RuntimeException e) {
                    deleteQuietly(tmp);
                    if (e instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new AccelException(ErrorCode.IO_ERROR, "cannot write " + output + ": " + e.getMessage(), e);
                }
                try {
                    Files.move(tmp, output);
                } catch (IOException e) {
                    deleteQuietly(tmp);
                    throw new AccelException(ErrorCode.IO_ERROR, "cannot create " + output + ": " + e, e);
                }
                spec.commandLine().getOut().println("wrote " + blocks + " blocks to " + output);
            }
        }
    }

    @Command(name = "import-car", mixinStandardHelpOptions = true,
            description = {"Import a CAR (v1 or v2) all or nothing: every block verified before any is stored.",
                    "Pins each root whose DAG is complete, unless --no-pin; exits 1 if a root could not be pinned."})
    static final class ImportCar implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "The CAR file.")
        Path car;
        @Option(names = "--no-pin", description = "Do not pin the roots.")
        boolean noPin;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isRegularFile(car)) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "no such file: " + car);
            }
            try (ModelStore store = parent.open()) {
                StoreProgress progress = StoreProgress.of(spec.commandLine().getErr(), "importing " + car.getFileName(), sizeOf(car));
                CarImportReport r = store.importCar(car, !noPin, progress);
                progress.done();
                CarHeader h = r.car().header();
                if (json) {
                    out.println(Json.write(JsonObjects.of("roots", h.roots().stream().map(Cid::toString).toList(),
                            "blocks", r.car().blocks(), "bytes", r.car().bytes(), "pinned", r.pinned().stream().map(Cid::toString).toList(),
                            "notPinned", r.notPinned().entrySet().stream()
                                    .map(e -> JsonObjects.of("cid", e.getKey().toString(), "reason", e.getValue())).toList())));
                } else {
                    out.println("imported " + r.car().blocks() + " blocks (" + StoreProgress.bytes(r.car().bytes()) + ") from " + car);
                    for (Cid root : h.roots()) {
                        out.println("root " + root + (r.pinned().contains(root) ? " pinned " + PinKind.RECURSIVE.label() : ""));
                    }
                }
                r.notPinned().forEach((cid, why) -> spec.commandLine().getErr().println("accel: root " + cid + " not pinned: " + why));
                return r.notPinned().isEmpty() ? 0 : 1;
            }
        }
    }

    /** Deletes {@code root} and everything under it, never following symbolic links; best effort. */
    static void deleteTreeQuietly(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                deleteQuietly(p);
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort cleanup of a partial output
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort cleanup of a partial output
        }
    }
}
