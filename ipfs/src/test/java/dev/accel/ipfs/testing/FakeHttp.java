package dev.accel.ipfs.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP server on 127.0.0.1 (any free port) for fault injection: a node or gateway that answers
 * what each test tells it to (wrong bytes, truncated CARs, foreign blocks, errors, stalls). Records the
 * requests it saw.
 */
public final class FakeHttp implements AutoCloseable {
    /** What to do with one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange ex) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    public final List<HttpExchange> seen = new CopyOnWriteArrayList<>();

    public FakeHttp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            counts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            seen.add(ex);
            Handler h = handlers.get(path);
            if (h == null && path.startsWith("/ipfs/")) {
                h = handlers.get("/ipfs/");
            }
            try (ex) {
                if (h == null) {
                    send(ex, 404, "text/plain", "no handler for " + path);
                } else {
                    h.handle(ex);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public FakeHttp on(String path, Handler h) {
        handlers.put(path, h);
        return this;
    }

    public int count(String path) {
        AtomicInteger c = counts.get(path);
        return c == null ? 0 : c.get();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    public static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
