package dev.accel.cli;

import dev.accel.ipfs.gateway.GatewayServer;
import dev.accel.store.local.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code accel serve}: the local store as a read-only trustless gateway, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the local store as a read-only trustless gateway: GET/HEAD /ipfs/{cid} with ?format=raw|car or",
                "Accept: application/vnd.ipld.raw | application/vnd.ipld.car. Every block is verified before it is sent.",
                "Another store fetches from it with `accel store fetch CID --gateway URL`. Runs until Ctrl-C. See docs/ipfs.md."})
final class ServeCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Option(names = "--store", paramLabel = "DIR", description = "Store folder (default: $ACCEL_STORE, else ~/.cache/accel/store).")
    Path store;
    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 exposes the store to the network).")
    String host;
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port (default 8080; 0: any free port).")
    int port;
    @Option(names = "--log", description = "Print one line per request on standard error.")
    boolean log;
    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "4096",
            description = "Most connections open at once (default 4096); beyond it the server closes new connections at once.")
    int maxConnections;
    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest time a client may take to send its request line and headers, and longest a new connection"
                    + " may stay silent (default 30); slower clients are disconnected.")
    int requestTimeoutSeconds;

    /** The JDK HTTP server's limits, read once per process when its first server starts; an explicit -D wins. */
    static final String MAX_CONNECTIONS = "jdk.httpserver.maxConnections";
    static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxConnections < 1 || requestTimeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-connections and --request-timeout must be positive");
        }
        if (System.getProperty(MAX_CONNECTIONS) == null) {
            System.setProperty(MAX_CONNECTIONS, Integer.toString(maxConnections));
        }
        if (System.getProperty(MAX_REQUEST_TIME) == null) {
            System.setProperty(MAX_REQUEST_TIME, Integer.toString(requestTimeoutSeconds));
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "accel-serve-stop");
        try (ModelStore s = ModelStore.open(ModelStore.resolveRoot(Optional.ofNullable(store)));
             GatewayServer server = GatewayServer.start(s, host, port, log ? line -> {
                 synchronized (err) {
                     err.println(line);
                     err.flush();
                 }
             } : null)) {
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("serving store " + s.root() + " read-only as a trustless gateway at " + server.url() + "/ipfs/{cid}");
            out.println("fetch from it with: accel store fetch CID --gateway " + server.url());
            out.println("limits: " + System.getProperty(MAX_CONNECTIONS) + " connections, " + System.getProperty(MAX_REQUEST_TIME)
                    + " s to send a request");
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException ignored) {
                // shutting down, or never added
            }
        }
        out.println("stopped");
        out.flush();
    }
}
