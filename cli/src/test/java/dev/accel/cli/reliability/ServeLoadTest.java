package dev.accel.cli.reliability;

import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code accel serve} in a child JVM under load on loopback: it binds to 127.0.0.1 by default, serves only
 * what is in its store, and while {@code reliability.connections} slow-loris clients (default 200, full run
 * 1,000) hold connections open with half-sent headers it answers as many concurrent honest clients, each
 * with the right bytes; the slow clients are disconnected once {@code --request-timeout} passes
 * ({@code reliability.requestTimeout}, default 8 s), and the
 * server's OS thread count stays bounded (virtual threads per request).
 */
class ServeLoadTest {
    private static final int CONNECTIONS = Integer.getInteger("reliability.connections", 200);
    /** The server's --request-timeout: long enough that honest clients on a loaded 2-core machine are read in time. */
    private static final int REQUEST_TIMEOUT = Integer.getInteger("reliability.requestTimeout", 8);

    @TempDir
    Path tmp;

    @Test
    void survivesConcurrentClientsAndSlowLoris() throws Exception {
        Path store = tmp.resolve("store");
        byte[] content = new byte[64 * 1024];
        new java.util.Random(9).nextBytes(content);
        Cid file;
        try (ModelStore s = ModelStore.open(store)) {
            file = s.add(new ByteArrayInputStream(content), ImportProfile.UNIXFS_V1_2025, true, n -> { }).cid();
        }
        Process server = new ProcessBuilder(CrashSafetyTest.childCommand("dev.accel.cli.Main", "serve", "--store", store.toString(),
                "--port", "0", "--request-timeout", Integer.toString(REQUEST_TIMEOUT))).redirectError(tmp.resolve("serve.err").toFile()).start();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Socket> slow = Collections.synchronizedList(new ArrayList<>());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = Pattern.compile("at (http://\\S+)/ipfs/").matcher(String.valueOf(first));
            assertTrue(m.find(), "serve printed: " + first + " / " + Files.readString(tmp.resolve("serve.err")));
            URI url = URI.create(m.group(1));
            assertEquals("127.0.0.1", url.getHost(), "serve binds to loopback unless told otherwise");
            notReachableFromOtherAddresses(url.getPort());

            // slow-loris: connect and send half a request line, then nothing
            List<Future<?>> opening = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                opening.add(pool.submit(() -> {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()), 10_000);
                    s.getOutputStream().write("GET /ipfs/".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    slow.add(s);
                    return null;
                }));
            }
            for (Future<?> f : opening) {
                f.get(60, TimeUnit.SECONDS);
            }

            // honest clients, all at once, while the slow ones hold their connections
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                answers.add(pool.submit(() -> get(url.getPort(), "/ipfs/" + file + "?format=raw", 200)));
            }
            byte[] root = answers.getFirst().get(120, TimeUnit.SECONDS);
            for (Future<byte[]> f : answers) {
                assertArrayEquals(root, f.get(300, TimeUnit.SECONDS));
            }
            assertTrue(file.matches(root), "the served block is the stored one");

            // only what is in the store; nothing outside /ipfs/{cid}
            Cid absent = Cid.of(Cid.RAW, "not in the store".getBytes());
            get(url.getPort(), "/ipfs/" + absent + "?format=raw", 404);
            get(url.getPort(), "/ipfs/../../../etc/passwd", 400);
            get(url.getPort(), "/etc/passwd", 404);

            long threads = osThreads(server.pid());
            assertTrue(threads < 100, "the server runs " + threads + " OS threads with " + 2 * CONNECTIONS + " connections");

            // the slow clients are cut off once the request timeout passes
            List<Future<Boolean>> closed = new ArrayList<>();
            for (Socket s : slow) {
                closed.add(pool.submit(() -> {
                    s.setSoTimeout(60_000);
                    try (InputStream in = s.getInputStream()) {
                        in.read(); // -1 (closed) or a 408 answer: either way the server let go
                        return true;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        return false;
                    } catch (IOException reset) {
                        return true;
                    }
                }));
            }
            int cutOff = 0;
            for (Future<Boolean> f : closed) {
                if (f.get(300, TimeUnit.SECONDS)) {
                    cutOff++;
                }
            }
            assertEquals(CONNECTIONS, cutOff);
            // and the server still answers
            assertArrayEquals(root, get(url.getPort(), "/ipfs/" + file + "?format=raw", 200));
            assertTrue(server.isAlive());
            System.out.printf("serve: %d slow-loris connections held and cut off, %d concurrent requests answered correctly,"
                    + " %d OS threads in the server%n", CONNECTIONS, CONNECTIONS, threads);
        } finally {
            pool.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** One HTTP/1.1 GET over a raw socket; returns the body, after checking the status. */
    private static byte[] get(int port, String path, int expectedStatus) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(300_000);
            OutputStream o = s.getOutputStream();
            o.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            byte[] all = s.getInputStream().readAllBytes();
            String head = new String(all, 0, Math.min(all.length, 200), StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 " + expectedStatus), path + ": " + head);
            int bodyStart = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
            byte[] body = Arrays.copyOfRange(all, bodyStart, all.length);
            return head.toLowerCase().contains("transfer-encoding: chunked") ? dechunk(body) : body;
        }
    }

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] dechunk(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOf(Arrays.copyOfRange(body, i, body.length), "\r\n".getBytes(StandardCharsets.US_ASCII)) + i;
            int len = Integer.parseInt(new String(body, i, eol - i, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            if (len == 0) {
                return out.toByteArray();
            }
            out.write(body, eol + 2, len);
            i = eol + 2 + len + 2;
        }
    }

    private static long osThreads(long pid) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return 0; // not Linux: no cheap way to count; the other checks still hold
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring("Threads:".length()).trim());
            }
        }
        return 0;
    }

    /** Connecting through any of this machine's non-loopback IPv4 addresses is refused. */
    private static void notReachableFromOtherAddresses(int port) throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    assertThrows(IOException.class, () -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(a, port), 2000);
                        }
                    }, "serve answered on " + a);
                }
            }
        }
    }
}
