package dev.accel.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The anchor of {@link StoreImportBenchmark} from the IPFS world: the JavaScript IPFS node (js-ipfs 0.66.1,
 * {@code ipfs/src/test/js/daemon.mjs}, the ipfs module's test peer) adding the same file through its RPC API
 * ({@code POST /api/v0/add}, multipart, streamed from the file), with the chunk size, CID version and leaf
 * format of the same {@code profile} ({@code sink=discard}: {@code only-hash=true}, nothing stored, as Accel's
 * discarding import; {@code sink=disk}: blocks written to the node's repository). js-ipfs builds its DAG with
 * 174 links per node whatever the profile, and hashes on one thread (Node's event loop).
 *
 * <p>The node is started once per fork from {@code $ACCEL_JSIPFS_DIR} (default {@code ipfs/src/test/js} under
 * the working directory, which {@code scripts/bench.sh} sets to the repository root); it needs {@code node}
 * and the packages installed there ({@code npm ci}, which the ipfs module's tests run). Without them the trial
 * fails in {@code @Setup} with the reason. Secondary metric {@code bytes}: file bytes added per second. The
 * root CID the node returns is checked to be a CID of the profile's version.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class IpfsAddBenchmark {
    @Param({"unixfs-v1-2025", "cidv1-raw", "kubo-legacy"})
    public String profile;

    @Param({"discard", "disk"})
    public String sink;

    @Param({"268435456"})
    public long size;

    private Path dir;
    private Path file;
    private Process node;
    private URI addUri;
    private HttpClient http;
    private String lastCid;

    /** Bytes added, reported by JMH as a rate next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        Path js = Path.of(System.getenv().getOrDefault("ACCEL_JSIPFS_DIR", "ipfs/src/test/js")).toAbsolutePath();
        if (!Files.isRegularFile(js.resolve("daemon.mjs")) || !Files.isDirectory(js.resolve("node_modules/ipfs-core"))) {
            throw new IllegalStateException("js-ipfs is not installed at " + js + " (expected daemon.mjs and "
                    + "node_modules/ipfs-core: run `npm ci` there, or set ACCEL_JSIPFS_DIR; scripts/bench.sh runs "
                    + "from the repository root)");
        }
        dir = Files.createTempDirectory("accel-ipfs-add-bench-");
        file = dir.resolve("input.bin");
        StoreImportBenchmark.writeRandom(file, size, 42); // the same bytes StoreImportBenchmark imports
        try (java.io.InputStream in = Files.newInputStream(file)) { // into the page cache (not into the heap)
            byte[] buf = new byte[1 << 20];
            while (in.read(buf) >= 0) {
                // reading is the point
            }
        }
        node = startNode(js, dir.resolve("repo"));
        String query = switch (profile) {
            case "unixfs-v1-2025" -> "cid-version=1&cid-base=base32&raw-leaves=true&chunker=size-1048576";
            case "cidv1-raw" -> "cid-version=1&cid-base=base32&raw-leaves=true&chunker=size-262144";
            case "kubo-legacy" -> "cid-version=0&raw-leaves=false&chunker=size-262144";
            default -> throw new IllegalArgumentException("unknown profile '" + profile
                    + "' (known: unixfs-v1-2025, cidv1-raw, kubo-legacy)");
        };
        if (!sink.equals("discard") && !sink.equals("disk")) {
            throw new IllegalArgumentException("unknown sink '" + sink + "' (known: discard, disk)");
        }
        addUri = URI.create(addUri + "/api/v0/add?pin=false&progress=false&quieter=true&hash=sha2-256&" + query
                + (sink.equals("discard") ? "&only-hash=true" : ""));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private Process startNode(Path js, Path repo) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("node", js.resolve("daemon.mjs").toString(), repo.toString(),
                Integer.toString(port)).directory(js.toFile()).redirectErrorStream(true);
        pb.environment().put("NODE_OPTIONS", "--require " + js.resolve("polyfill.cjs"));
        pb.environment().put("IPFS_PATH", repo.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start `node` (is Node.js installed?): " + e.getMessage(), e);
        }
        StringBuffer log = new StringBuffer();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    log.append(line).append('\n');
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended; reported below
            }
            ready.completeExceptionally(new IOException("js-ipfs exited before it was ready:\n" + log));
        });
        try {
            addUri = URI.create(ready.get(120, TimeUnit.SECONDS).split(" ")[1]);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("js-ipfs did not start within 120 s:\n" + log, e);
        }
        return p;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        if (node != null) {
            node.getOutputStream().close(); // daemon.mjs stops when its standard input closes
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Checks the last root CID: CIDv0 ({@code Qm...}) for kubo-legacy, CIDv1 base32 ({@code b...}) otherwise. */
    @TearDown(Level.Iteration)
    public void check() {
        if (lastCid == null) {
            return;
        }
        boolean v0 = profile.equals("kubo-legacy");
        if (v0 ? !lastCid.startsWith("Qm") : !lastCid.startsWith("b")) {
            throw new IllegalStateException("js-ipfs returned root " + lastCid + " for profile " + profile);
        }
    }

    @Benchmark
    public String add(Bytes bytes) throws IOException, InterruptedException {
        String boundary = "accel-bench-boundary-7f3a";
        HttpRequest request = HttpRequest.newBuilder(addUri)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; "
                                + "name=\"file\"; filename=\"input.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("js-ipfs add answered HTTP " + response.statusCode() + ": " + response.body());
        }
        // one JSON object per line; the last names the root: {"Name":"input.bin","Hash":"...","Size":"..."}
        String[] lines = response.body().strip().split("\n");
        String last = lines[lines.length - 1];
        int at = last.indexOf("\"Hash\":\"");
        if (at < 0) {
            throw new IOException("js-ipfs add answered without a Hash: " + last);
        }
        lastCid = last.substring(at + 8, last.indexOf('"', at + 8));
        bytes.bytes += size;
        return lastCid;
    }
}
