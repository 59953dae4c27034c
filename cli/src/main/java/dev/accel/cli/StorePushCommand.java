package dev.accel.cli;

import dev.accel.ipfs.RemoteOptions;
import dev.accel.ipfs.fetch.DagPublisher;
import dev.accel.ipfs.fetch.PushReport;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/** {@code accel store push CID --to URL}: publishes a DAG of the local store to an IPFS node and pins it there. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Publish the DAG under CID to an IPFS node (Kubo RPC API) and pin it there: one CAR (dag/import, default)",
                "or one block/put per block (--mode blocks). Every block is verified as it is read from the local store;",
                "afterwards the node is asked whether it serves the root and has it pinned. See docs/ipfs.md."})
final class StorePushCommand implements Runnable {
    @ParentCommand
    StoreCommand parent;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "CID", converter = StoreCommand.CidConverter.class, description = "Root of the DAG to publish.")
    Cid root;
    @Option(names = "--to", paramLabel = "URL", required = true, description = "Kubo RPC API of the node, e.g. http://127.0.0.1:5001.")
    URI to;
    @Option(names = "--mode", paramLabel = "car|blocks", defaultValue = "car", description = "car (default): dag/import; blocks: block/put.")
    String mode;
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "block/put calls at once in blocks mode (default 8).")
    int parallel;
    @Option(names = "--no-pin", description = "Do not pin the DAG on the node.")
    boolean noPin;
    @Option(names = "--staging", paramLabel = "DIR", description = "Where the CAR is staged (default: the system temp folder).")
    Path staging;
    @Option(names = "--json", description = "Print JSON.")
    boolean json;
    @Mixin
    StoreFetchCommand.RemoteFlags remote;

    @Override
    public void run() {
        if (!mode.equals("car") && !mode.equals("blocks")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode must be car or blocks, got " + mode);
        }
        RemoteOptions options = remote.options();
        PrintWriter out = spec.commandLine().getOut();
        try (ModelStore store = parent.open(); KuboRpcClient node = new KuboRpcClient(to, options)) {
            if (!store.blocks().has(root)) {
                throw ModelStore.notInStore(root);
            }
            DagPublisher publisher = new DagPublisher(store, node, staging != null ? staging : Path.of(System.getProperty("java.io.tmpdir")));
            PushReport r = mode.equals("car") ? publisher.pushCar(root, !noPin) : publisher.pushBlocks(root, !noPin, parallel);
            if (json) {
                out.println(Json.write(JsonObjects.of("root", r.root().toString(), "to", r.target(), "mode", r.mode(),
                        "blocks", r.blocks(), "bytes", r.bytes(), "pinned", r.pinned())));
            } else {
                out.println("pushed " + r.root() + " to " + r.target() + ": " + r.blocks() + " blocks (" + StoreProgress.bytes(r.bytes())
                        + ") by " + (r.mode().equals("car") ? "dag/import" : "block/put") + "; the node serves it"
                        + (r.pinned() ? " and has it pinned recursive" : " (not pinned there)"));
            }
        }
    }
}
