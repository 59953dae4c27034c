package dev.accel.ipfs.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A js-ipfs node ({@code src/test/js/daemon.mjs}: ipfs-core + ipfs-http-server of npm {@code ipfs} 0.66.1)
 * serving the Kubo RPC API on 127.0.0.1 at a free port, offline, with a fresh repo in a temporary folder.
 * {@link #close()} stops it by its process id (SIGTERM, then SIGKILL after 10 s) and removes the repo; the
 * node also stops when its standard input closes, so it cannot outlive the test JVM.
 */
public final class JsIpfsNode implements AutoCloseable {
    private final Process process;
    private final Path repo;
    private final URI api;
    private final String version;
    private final StringBuffer log = new StringBuffer();

    private JsIpfsNode(Process process, Path repo, URI api, String version) {
        this.process = process;
        this.repo = repo;
        this.api = api;
        this.version = version;
    }

    public static JsIpfsNode start() throws IOException, InterruptedException {
        JsTools.require();
        Path repo = Files.createTempDirectory("accel-jsipfs-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("node", JsTools.DIR.resolve("daemon.mjs").toString(), repo.resolve("repo").toString(),
                Integer.toString(port)).directory(JsTools.DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("NODE_OPTIONS", JsTools.nodeOptions());
        pb.environment().put("IPFS_PATH", repo.resolve("repo").toString());
        Process p = pb.start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().name("jsipfs-" + p.pid()).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    log.append(line).append('\n');
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IOException("js-ipfs exited before it was ready:\n" + log));
        });
        String line;
        try {
            line = ready.get(120, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            stop(p);
            deleteTree(repo);
            throw new IOException("js-ipfs did not start within 120 s (pid " + p.pid() + "):\n" + log, e);
        }
        String[] parts = line.split(" ");
        JsIpfsNode node = new JsIpfsNode(p, repo, URI.create(parts[1]), parts.length > 2 ? parts[2] : "?");
        reader.setName("jsipfs-" + p.pid() + "-log");
        return node;
    }

    /** The RPC API's URL ({@code http://127.0.0.1:PORT}). */
    public URI api() {
        return api;
    }

    /** The js-ipfs core version the node reports. */
    public String version() {
        return version;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        stop(process);
        deleteTree(repo);
    }

    private static void stop(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
