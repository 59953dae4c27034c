package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.Authorization;
import dev.accel.ipfs.RemoteOptions;
import dev.accel.ipfs.fetch.BlockSource;
import dev.accel.ipfs.fetch.DagFetcher;
import dev.accel.ipfs.fetch.FetchReport;
import dev.accel.ipfs.gateway.GatewayClient;
import dev.accel.ipfs.rpc.KuboRpcClient;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code accel store fetch CID (--from URL | --gateway URL...)}: pulls a DAG from an IPFS node (Kubo RPC
 * API) or trustless gateways into the local store, every block verified, all or nothing, and pins it.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Pull the DAG under CID into the local store from an IPFS node (--from, Kubo RPC API) or from trustless",
                "gateways (--gateway, repeatable, tried in order). Every block is verified against its CID and the DAG is",
                "checked (no missing, no foreign blocks) before anything is stored; on any failure nothing is kept.",
                "Pins the root unless --no-pin. See docs/ipfs.md."})
final class StoreFetchCommand implements Runnable {
    @ParentCommand
    StoreCommand parent;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "CID", converter = StoreCommand.CidConverter.class, description = "Root of the DAG to fetch.")
    Cid root;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;
    @Option(names = "--mode", paramLabel = "car|blocks", defaultValue = "car",
            description = "car (default): one CAR stream (dag/export, or ?format=car); blocks: block by block, --parallel at once.")
    String mode;
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "Blocks fetched at once in blocks mode (default 8).")
    int parallel;
    @Option(names = "--no-pin", description = "Do not pin the root (the next gc removes the DAG).")
    boolean noPin;
    @Option(names = "--staging", paramLabel = "DIR", description = "Where blocks wait until checked (default: the system temp folder).")
    Path staging;
    @Option(names = "--json", description = "Print JSON.")
    boolean json;
    @Mixin
    RemoteFlags remote;

    static final class Source {
        @Option(names = "--from", paramLabel = "URL", description = "Kubo RPC API of an IPFS node, e.g. http://127.0.0.1:5001.")
        URI from;
        @Option(names = "--gateway", paramLabel = "URL", description = "Trustless gateway, e.g. http://127.0.0.1:8080 (repeatable).")
        List<URI> gateways;
    }

    /** Connection flags shared by fetch and push. */
    static final class RemoteFlags {
        @Option(names = "--auth", paramLabel = "basic:USER:PASS|bearer:TOKEN",
                description = "Authorization header for the node or gateway (default: $ACCEL_IPFS_AUTH; prefer the variable,"
                        + " arguments are visible to other users).")
        String auth;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
                description = "Connect, response and stall timeout in seconds (default 60).")
        int timeoutSeconds;
        @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
                description = "Retries of idempotent calls, with exponential backoff (default 3).")
        int retries;
        @Option(names = "--max-bytes", paramLabel = "BYTES", defaultValue = "68719476736",
                description = "Largest DAG or CAR stream accepted, in bytes (default 64 GiB).")
        long maxBytes;

        RemoteOptions options() {
            if (timeoutSeconds <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--timeout must be positive");
            }
            RemoteOptions o = RemoteOptions.DEFAULTS.withTimeout(Duration.ofSeconds(timeoutSeconds)).withRetries(retries)
                    .withMaxDagBytes(maxBytes);
            String a = auth != null ? auth : System.getenv("ACCEL_IPFS_AUTH");
            if (a != null && !a.isBlank()) {
                o = o.withAuthorization(Authorization.parse(a.strip()));
            }
            return o;
        }
    }

    @Override
    public void run() {
        if (!mode.equals("car") && !mode.equals("blocks")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mode must be car or blocks, got " + mode);
        }
        RemoteOptions options = remote.options();
        PrintWriter out = spec.commandLine().getOut();
        try (ModelStore store = parent.open()) {
            StoreProgress progress = StoreProgress.of(spec.commandLine().getErr(), "fetching " + root, 0);
            DagFetcher fetcher = new DagFetcher(store, !noPin,
                    staging != null ? staging : Path.of(System.getProperty("java.io.tmpdir")), progress);
            FetchReport r;
            if (source.from != null) {
                try (KuboRpcClient node = new KuboRpcClient(source.from, options)) {
                    r = mode.equals("car") ? fetcher.importCar(root, node.dagExport(root), "the IPFS node at " + node.url())
                            : fetcher.fetchBlocks(root, BlockSource.of(node), parallel, options.maxDagBytes());
                }
            } else {
                try (GatewayClient gateways = new GatewayClient(source.gateways, options)) {
                    r = mode.equals("car") ? gateways.fetchDag(root, fetcher) : gateways.fetchBlocks(root, fetcher, parallel);
                }
            }
            progress.done();
            if (json) {
                out.println(Json.write(JsonObjects.of("root", r.root().toString(), "source", r.source(),
                        "blocks", r.blocksFetched(), "bytes", r.bytesFetched(), "local", r.blocksLocal(), "pinned", r.pinned())));
            } else {
                out.println("fetched " + r.root() + ": " + r.blocksFetched() + " blocks (" + StoreProgress.bytes(r.bytesFetched())
                        + ") from " + r.source() + ", every block verified" + (r.blocksLocal() > 0 ? "; " + r.blocksLocal()
                        + " blocks were already here" : "") + (r.pinned() ? "; pinned recursive" : "; not pinned"));
            }
        } catch (IllegalArgumentException e) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }
}
