package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.RemoteOptions;
import dev.accel.ipfs.fetch.BlockSource;
import dev.accel.ipfs.gateway.GatewayClient;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.GcReport;
import dev.accel.store.local.ModelStore;
import dev.accel.store.local.PinKind;
import dev.accel.store.local.StoreStats;
import dev.accel.store.local.VerifyReport;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code accel store pin|unpin|gc|verify|stat}. */
final class StoreAdminCommands {
    private StoreAdminCommands() {
    }

    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = {"Pin CIDs (recursively: the whole DAG, which must be in the store; --direct: the block only).",
                    "With no CID, list the pins."})
    static final class Pin implements Runnable {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "CID", arity = "0..*", converter = StoreCommand.CidConverter.class, description = "What to pin.")
        List<Cid> cids = new ArrayList<>();
        @Option(names = "--direct", description = "Pin only the named block, not the DAG under it.")
        boolean direct;
        @Option(names = "--json", description = "Print JSON (of the pin list).")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (ModelStore store = parent.open()) {
                if (cids.isEmpty()) {
                    Map<Cid, PinKind> pins = store.pins().list();
                    if (json) {
                        out.println(Json.write(pins.entrySet().stream()
                                .map(e -> JsonObjects.of("cid", e.getKey().toString(), "kind", e.getValue().label())).toList()));
                    } else {
                        pins.forEach((cid, kind) -> out.println(cid + " " + kind.label()));
                    }
                    return;
                }
                for (Cid cid : cids) {
                    PinKind kind = store.pin(cid, direct ? PinKind.DIRECT : PinKind.RECURSIVE);
                    out.println("pinned " + cid + " " + kind.label());
                }
            }
        }
    }

    @Command(name = "unpin", mixinStandardHelpOptions = true,
            description = {"Remove pins. The blocks stay until the next gc (unless something else needs them)."})
    static final class Unpin implements Callable<Integer> {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "CID", arity = "1..*", converter = StoreCommand.CidConverter.class, description = "What to unpin.")
        List<Cid> cids;

        @Override
        public Integer call() {
            int code = 0;
            try (ModelStore store = parent.open()) {
                for (Cid cid : cids) {
                    Optional<PinKind> old = store.unpin(cid);
                    if (old.isPresent()) {
                        spec.commandLine().getOut().println("unpinned " + cid + " (was " + old.get().label() + ")");
                    } else {
                        spec.commandLine().getErr().println("accel: " + cid + " is not pinned (list pins with `accel store pin`)");
                        code = 1;
                    }
                }
            }
            return code;
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = {"Remove every block that no pin or model needs, and materialized copies of files nothing needs.",
                    "Waits for imports in other processes to finish; they wait for it."})
    static final class Gc implements Runnable {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            try (ModelStore store = parent.open()) {
                StoreProgress progress = StoreProgress.of(spec.commandLine().getErr(), "collecting", 0);
                GcReport r = store.gc(progress);
                progress.done();
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.write(JsonObjects.of("roots", r.roots(), "blocksKept", r.blocksKept(),
                            "blocksFreed", r.blocksFreed(), "bytesFreed", r.bytesFreed(), "filesFreed", r.filesFreed(),
                            "fileBytesFreed", r.fileBytesFreed(), "tempFilesFreed", r.tempFilesFreed())));
                } else {
                    out.println("removed " + r.blocksFreed() + " blocks (" + StoreProgress.bytes(r.bytesFreed()) + ") and "
                            + r.filesFreed() + " materialized files (" + StoreProgress.bytes(r.fileBytesFreed()) + "); kept "
                            + r.blocksKept() + " blocks reachable from " + r.roots() + " pins and models");
                }
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Re-hash every block and compare every materialized file with its DAG; list what is bad.",
                    "Exits 1 if anything is. --repair removes the bad files (re-import or re-open to restore them);",
                    "with --from URL (Kubo RPC API) or --gateway URL (trustless gateway, repeatable) it then re-fetches exactly",
                    "the removed blocks and the blocks missing under pins and models, verifies each against its CID and stores it."})
    static final class Verify implements Callable<Integer> {
        /** Most blocks one repair re-fetches (a guard against a DAG that keeps revealing missing blocks). */
        static final int MAX_REPAIR_BLOCKS = 1_000_000;

        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--repair", description = "Remove bad blocks and bad materialized files (and re-fetch them with --from/--gateway).")
        boolean repair;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        StoreFetchCommand.Source source;
        @Mixin
        StoreFetchCommand.RemoteFlags remote;

        @Override
        public Integer call() {
            if (source != null && !repair) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from and --gateway re-fetch what --repair removes; add --repair");
            }
            try (ModelStore store = parent.open()) {
                StoreProgress progress = StoreProgress.of(spec.commandLine().getErr(), "verifying", store.stat().blockBytes());
                VerifyReport r = store.verify(repair, progress);
                progress.done();
                List<Cid> refetched = new ArrayList<>();
                String from = "";
                if (source != null) {
                    try (BlockFetch fetch = BlockFetch.open(source, remote.options())) {
                        from = fetch.source().describe();
                        refetch(store, r, fetch.source(), refetched);
                    }
                    r = store.verify(false, n -> { });
                }
                long missing = source == null ? 0 : store.stat().missingBlocks();
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.write(JsonObjects.of("ok", r.ok() && missing == 0, "blocks", r.blocksChecked(),
                            "bytes", r.bytesChecked(), "files", r.filesChecked(), "repaired", r.repaired() || !refetched.isEmpty(),
                            "refetched", refetched.stream().map(Cid::toString).toList(),
                            "problems", r.problems().stream().map(p -> JsonObjects.of("kind", p.kind().name(),
                                    "cid", p.cid().map(Cid::toString).orElse(null), "file", p.file().toString(),
                                    "detail", p.detail())).toList())));
                } else {
                    for (VerifyReport.Problem p : r.problems()) {
                        out.println(p);
                    }
                    for (Cid c : refetched) {
                        out.println("refetched " + c);
                    }
                    out.println((r.ok() ? "ok: " : r.problems().size() + " problem(s): ") + r.blocksChecked() + " blocks ("
                            + StoreProgress.bytes(r.bytesChecked()) + ") and " + r.filesChecked() + " materialized files checked"
                            + (r.repaired() ? "; bad files removed" : "")
                            + (source != null ? "; re-fetched " + refetched.size() + " blocks from " + from + ", every one verified" : "")
                            + (missing > 0 ? "; " + missing + " blocks still missing" : ""));
                }
                return r.ok() && missing == 0 ? 0 : 1;
            }
        }

        /** Re-fetches the bad blocks verify removed, then every block still missing under a pin or a model. */
        private static void refetch(ModelStore store, VerifyReport report, BlockSource source, List<Cid> refetched) {
            Set<Cid> done = new HashSet<>();
            for (VerifyReport.Problem p : report.problems()) {
                if (p.kind() == VerifyReport.Kind.BAD_BLOCK && p.cid().isPresent() && done.add(p.cid().get())) {
                    store.blocks().put(p.cid().get(), source.block(p.cid().get()));
                    refetched.add(p.cid().get());
                }
            }
            List<Cid> roots = new ArrayList<>();
            store.pins().list().forEach((cid, kind) -> roots.add(cid));
            store.registry().list().forEach(e -> roots.add(e.root()));
            for (Cid root : roots) {
                PinKind kind = store.pins().list().get(root);
                for (Optional<Cid> m = missing(store, root, kind); m.isPresent(); m = missing(store, root, kind)) {
                    if (!done.add(m.get()) || refetched.size() >= MAX_REPAIR_BLOCKS) {
                        throw new AccelException(ErrorCode.INTEGRITY, "block " + m.get() + " under " + root + " is still missing after"
                                + " it was re-fetched from " + source.describe());
                    }
                    store.blocks().put(m.get(), source.block(m.get()));
                    refetched.add(m.get());
                }
            }
            store.blocks().sync();
        }

        private static Optional<Cid> missing(ModelStore store, Cid root, PinKind kind) {
            if (kind == PinKind.DIRECT) {
                return store.blocks().has(root) ? Optional.empty() : Optional.of(root);
            }
            return store.firstMissing(root);
        }
    }

    /** The block source behind --from or --gateway, closed with it. */
    private record BlockFetch(BlockSource source, AutoCloseable client) implements AutoCloseable {
        static BlockFetch open(StoreFetchCommand.Source s, RemoteOptions options) {
            if (s.from != null) {
                KuboRpcClient node = new KuboRpcClient(s.from, options);
                return new BlockFetch(BlockSource.of(node), node);
            }
            GatewayClient gateways = new GatewayClient(s.gateways, options);
            return new BlockFetch(gateways, gateways);
        }

        @Override
        public void close() {
            try {
                client.close();
            } catch (Exception e) {
                throw new AccelException(ErrorCode.IO_ERROR, "closing " + source.describe() + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "stat", mixinStandardHelpOptions = true, description = {"Blocks, bytes, pins, models and bytes saved by de-duplication."})
    static final class Stat implements Runnable {
        @ParentCommand
        StoreCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public void run() {
            try (ModelStore store = parent.open()) {
                StoreStats s = store.stat();
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Json.write(JsonObjects.of("root", store.root().toString(), "blocks", s.blocks(),
                            "blockBytes", s.blockBytes(), "pins", s.pins(), "models", s.models(),
                            "reachableBlocks", s.reachableBlocks(), "reachableBytes", s.reachableBytes(),
                            "missingBlocks", s.missingBlocks(), "logicalBytes", s.logicalBytes(),
                            "dedupSavedBytes", s.dedupSavedBytes(), "materializedFiles", s.materializedFiles(),
                            "materializedBytes", s.materializedBytes())));
                } else {
                    out.println("store:              " + store.root());
                    out.println("blocks:             " + s.blocks() + " (" + StoreProgress.bytes(s.blockBytes()) + ")");
                    out.println("pins:               " + s.pins());
                    out.println("models:             " + s.models());
                    out.println("reachable:          " + s.reachableBlocks() + " blocks (" + StoreProgress.bytes(s.reachableBytes()) + ")"
                            + (s.missingBlocks() > 0 ? ", " + s.missingBlocks() + " MISSING" : ""));
                    out.println("logical:            " + StoreProgress.bytes(s.logicalBytes()));
                    out.println("saved by dedup:     " + StoreProgress.bytes(s.dedupSavedBytes()));
                    out.println("materialized files: " + s.materializedFiles() + " (" + StoreProgress.bytes(s.materializedBytes()) + ")");
                }
            }
        }
    }
}
