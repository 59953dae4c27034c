package dev.accel.ipfs.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.BlockNotFoundException;
import dev.accel.store.car.CarWriter;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.UnixFsData;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The local store as a read-only <a href="https://specs.ipfs.tech/http-gateways/trustless-gateway/">trustless
 * gateway</a>, on the JDK's HTTP server.
 *
 * <p>{@code GET} and {@code HEAD} of {@code /ipfs/{cid}[/path]}:
 * <ul>
 *   <li>{@code ?format=raw} or {@code Accept: application/vnd.ipld.raw}: the block, {@code Content-Type:
 *       application/vnd.ipld.raw};</li>
 *   <li>{@code ?format=car} or {@code Accept: application/vnd.ipld.car}: a CARv1 whose root is {@code cid},
 *       depth-first, without duplicates unless {@code dups=y} is asked for, {@code Content-Type:
 *       application/vnd.ipld.car; version=1; order=dfs; dups=n|y}; {@code dag-scope=all} (default: the whole
 *       DAG), {@code entity} (a file's whole DAG, a directory's node alone) or {@code block} (the block
 *       alone); a path's directory nodes come first;</li>
 *   <li>{@code format} wins over {@code Accept}; neither (or only other types) is 406; an unknown
 *       {@code format}, {@code dag-scope}, CAR {@code version} other than 1, or {@code entity-bytes} is 400;</li>
 *   <li>a string that is not a CID is 400, a block (or part of the DAG) that is not in the store is 404,
 *       other paths are 404, other methods 405.</li>
 * </ul>
 * Every answer has {@code X-Content-Type-Options: nosniff}; successful ones also an {@code ETag}
 * ({@code "CID.raw"}, {@code "CID.car.SCOPE.DUPS"}), {@code Cache-Control: public, max-age=29030400,
 * immutable}, {@code X-Ipfs-Path}, {@code X-Ipfs-Roots} and {@code Vary: Accept}; an {@code If-None-Match}
 * that matches is 304.
 *
 * <p><b>Integrity.</b> Every block is read through the store's verified reads and checked again before it
 * is written. A corrupt block that is known before the answer starts (a raw block, the root, any dag-pb
 * node of the DAG, which are all read before a CAR answer starts) is a 500 naming the block, and its bytes
 * are never sent. A raw leaf found corrupt in the middle of a CAR cannot change the status any more: the
 * connection is cut without the closing chunk, so the client sees a truncated answer (which a verifying
 * client rejects), never the bad bytes.
 *
 * <p>Binds to the given host (the CLI defaults to 127.0.0.1). Requests run on virtual threads.
 */
public final class GatewayServer implements AutoCloseable {
    private static final String CACHE = "public, max-age=29030400, immutable";
    /**
     * Connections the operating system queues before the server accepts them (capped by the system's own
     * limit, {@code net.core.somaxconn} on Linux). The JDK server accepts one connection per selector round,
     * so a burst of clients needs a deep queue: with a shallow one the kernel drops their handshakes and they
     * retry with exponential backoff, for minutes.
     */
    public static final int ACCEPT_BACKLOG = 1024;

    private final ModelStore store;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Consumer<String> log;
    private volatile boolean closed;

    private GatewayServer(ModelStore store, HttpServer server, ExecutorService executor, Consumer<String> log) {
        this.store = store;
        this.server = server;
        this.executor = executor;
        this.log = log;
    }

    /**
     * Starts serving {@code store} on {@code host:port} ({@code port} 0: any free port; see {@link #url()}).
     *
     * @param log receives one line per request (method, path, status), or nothing if {@code null}
     */
    public static GatewayServer start(ModelStore store, String host, int port, Consumer<String> log) {
        Objects.requireNonNull(store, "store");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), ACCEPT_BACKLOG);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        GatewayServer g = new GatewayServer(store, server, executor, log == null ? s -> { } : log);
        server.setExecutor(executor);
        server.createContext("/", g::handle);
        server.start();
        return g;
    }

    /** The base URL ({@code http://host:port}). */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting requests and ends the running ones; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ requests

    private record Request(Cid root, List<String> path, boolean car, String scope, boolean dups, boolean head) {
    }

    /** An answer other than 200, with a text body. */
    private static final class Answer extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Answer(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void handle(HttpExchange ex) {
        String method = ex.getRequestMethod();
        String target = ex.getRequestURI().getRawPath();
        int status = 200;
        try (ex) {
            Headers h = ex.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            try {
                Request req = parse(ex);
                status = req.car ? serveCar(ex, req) : serveRaw(ex, req);
            } catch (Answer a) {
                status = a.status;
                text(ex, a.status, a.getMessage());
            } catch (BlockIntegrityException e) {
                status = 500;
                text(ex, 500, "this store's copy of " + e.cid() + " is corrupt, so it is not served: " + e.getMessage()
                        + " (the store's owner can run `accel store verify --repair`)");
            } catch (BlockNotFoundException e) {
                status = 404;
                text(ex, 404, "block " + e.cid() + " is not in this store");
            }
        } catch (MidStreamFailure e) {
            status = -1;
            log.accept(method + " " + target + " aborted mid-answer: " + e.getMessage());
            throw e; // the JDK server then closes the connection without ending the chunked body
        } catch (IOException | RuntimeException e) {
            status = status == 200 ? 500 : status;
            log.accept(method + " " + target + " failed: " + e);
            return;
        }
        log.accept(method + " " + target + " " + status);
    }

    private Request parse(HttpExchange ex) {
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            throw new Answer(405, "method " + method + " is not allowed: this is a read-only trustless gateway (GET and HEAD only)");
        }
        String raw = ex.getRequestURI().getRawPath();
        if (!raw.startsWith("/ipfs/") || raw.length() == "/ipfs/".length()) {
            throw new Answer(404, "not found: this trustless gateway serves only /ipfs/{cid} (with ?format=raw or ?format=car)");
        }
        List<String> segments = new ArrayList<>();
        for (String s : raw.substring("/ipfs/".length()).split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        Cid root;
        try {
            root = Cid.parse(segments.getFirst());
        } catch (AccelException | IllegalArgumentException e) {
            throw new Answer(400, "\"" + segments.getFirst() + "\" is not a CID: " + e.getMessage());
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        boolean car;
        Map<String, String> carParams = Map.of();
        String format = q.get("format");
        if (format != null) {
            car = switch (format) {
                case "raw" -> false;
                case "car" -> true;
                default -> throw new Answer(400, "unsupported format \"" + format + "\": this trustless gateway serves format=raw"
                        + " (application/vnd.ipld.raw) and format=car (application/vnd.ipld.car)");
            };
        } else {
            Optional<Map.Entry<String, Map<String, String>>> pick = accept(ex.getRequestHeaders().get("Accept"));
            if (pick.isEmpty()) {
                throw new Answer(406, "not acceptable: this trustless gateway answers only application/vnd.ipld.raw or"
                        + " application/vnd.ipld.car; ask with an Accept header or ?format=raw|car");
            }
            car = pick.get().getKey().equals(GatewayClient.CAR);
            carParams = pick.get().getValue();
        }
        String version = carParams.get("version");
        if (car && version != null && !version.equals("1")) {
            throw new Answer(400, "CAR version " + version + " is not supported; this gateway sends CARv1 (version=1)");
        }
        String order = carParams.get("order");
        if (car && order != null && !order.equals("dfs") && !order.equals("unk")) {
            throw new Answer(400, "CAR order " + order + " is not supported; this gateway sends order=dfs");
        }
        boolean dups = "y".equals(q.getOrDefault("dups", carParams.get("dups")));
        String scope = q.getOrDefault("dag-scope", "all");
        if (!scope.equals("all") && !scope.equals("entity") && !scope.equals("block")) {
            throw new Answer(400, "unsupported dag-scope \"" + scope + "\" (all, entity or block)");
        }
        if (q.containsKey("entity-bytes")) {
            throw new Answer(400, "entity-bytes is not supported by this gateway; ask for dag-scope=entity and read the range yourself");
        }
        return new Request(root, List.copyOf(segments.subList(1, segments.size())), car, scope, dups, method.equals("HEAD"));
    }

    /** The first acceptable type of an {@code Accept} header (highest q, then first), with its parameters. */
    static Optional<Map.Entry<String, Map<String, String>>> accept(List<String> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        Map.Entry<String, Map<String, String>> best = null;
        double bestQ = 0;
        for (String header : headers) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].trim().toLowerCase(Locale.ROOT);
                Map<String, String> params = new LinkedHashMap<>();
                double qv = 1;
                for (int i = 1; i < parts.length; i++) {
                    String[] kv = parts[i].split("=", 2);
                    String k = kv[0].trim().toLowerCase(Locale.ROOT);
                    String v = kv.length > 1 ? kv[1].trim().replace("\"", "") : "";
                    if (k.equals("q")) {
                        try {
                            qv = Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            qv = 0;
                        }
                    } else {
                        params.put(k, v);
                    }
                }
                if ((type.equals(GatewayClient.RAW) || type.equals(GatewayClient.CAR)) && qv > bestQ) {
                    best = Map.entry(type, params);
                    bestQ = qv;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    /** The blocks from the root down the path (the root first, the target last); every one verified. */
    private List<Cid> resolvePath(Request req) {
        List<Cid> chain = new ArrayList<>();
        Cid cur = req.root;
        chain.add(cur);
        for (String name : req.path) {
            byte[] block = verifiedBlock(cur);
            if (cur.codec() != Cid.DAG_PB) {
                throw new Answer(404, "no path \"" + name + "\" under " + cur + ": it is not a directory");
            }
            Cid next = null;
            for (PBLink l : DagPb.decode(block).links()) {
                if (l.nameOrEmpty().equals(name)) {
                    next = l.hash();
                    break;
                }
            }
            if (next == null) {
                throw new Answer(404, "no entry \"" + name + "\" in directory " + cur);
            }
            cur = next;
            chain.add(cur);
        }
        return chain;
    }

    private byte[] verifiedBlock(Cid cid) {
        byte[] block = store.blocks().get(cid).orElseThrow(() -> new Answer(404, "block " + cid + " is not in this store"));
        cid.verify(block, "read from the store");
        return block;
    }

    private void common(HttpExchange ex, Request req, List<Cid> chain, String etag) {
        Headers h = ex.getResponseHeaders();
        h.set("ETag", etag);
        h.set("Cache-Control", CACHE);
        h.set("Vary", "Accept");
        StringBuilder p = new StringBuilder("/ipfs/").append(req.root);
        req.path.forEach(s -> p.append('/').append(s));
        h.set("X-Ipfs-Path", p.toString());
        h.set("X-Ipfs-Roots", String.join(",", chain.stream().map(Cid::toString).toList()));
    }

    private boolean notModified(HttpExchange ex, String etag) throws IOException {
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        if (inm != null && (inm.trim().equals("*") || List.of(inm.split(",")).stream().map(String::trim).anyMatch(etag::equals))) {
            ex.sendResponseHeaders(304, -1);
            return true;
        }
        return false;
    }

    private int serveRaw(HttpExchange ex, Request req) throws IOException {
        List<Cid> chain = resolvePath(req);
        Cid cid = chain.getLast();
        byte[] block = verifiedBlock(cid);
        String etag = "\"" + cid + ".raw\"";
        common(ex, req, chain, etag);
        if (notModified(ex, etag)) {
            return 304;
        }
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", GatewayClient.RAW);
        h.set("Content-Disposition", "attachment; filename=\"" + cid + ".bin\"");
        if (req.head) {
            h.set("Content-Length", Integer.toString(block.length));
            ex.sendResponseHeaders(200, -1);
            return 200;
        }
        ex.sendResponseHeaders(200, block.length == 0 ? -1 : block.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(block);
        }
        return 200;
    }

    /** A failure after the status line went out: the connection is cut instead of ending the body. */
    private static final class MidStreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MidStreamFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private int serveCar(HttpExchange ex, Request req) throws IOException {
        List<Cid> chain = resolvePath(req);
        Cid target = chain.getLast();
        byte[] targetBlock = verifiedBlock(target);
        String scope = req.scope;
        if (scope.equals("entity") && !isFile(target, targetBlock)) {
            scope = "block"; // a directory's entity is its own node (this store writes no HAMT shards)
        }
        if (scope.equals("all")) {
            Optional<Cid> missing = store.firstMissing(target); // reads and verifies every dag-pb node
            if (missing.isPresent()) {
                throw new Answer(404, "the DAG under " + target + " is incomplete in this store: block " + missing.get() + " is missing");
            }
        } else if (scope.equals("entity")) {
            Optional<Cid> missing = store.firstMissing(target);
            if (missing.isPresent()) {
                throw new Answer(404, "the file " + target + " is incomplete in this store: block " + missing.get() + " is missing");
            }
        }
        String etag = "\"" + req.root + (req.path.isEmpty() ? "" : "/" + String.join("/", req.path)) + ".car." + req.scope
                + (req.dups ? ".dups" : "") + "\"";
        common(ex, req, chain, etag);
        if (notModified(ex, etag)) {
            return 304;
        }
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", GatewayClient.CAR + "; version=1; order=dfs; dups=" + (req.dups ? "y" : "n"));
        h.set("Content-Disposition", "attachment; filename=\"" + req.root + ".car\"");
        if (req.head) {
            ex.sendResponseHeaders(200, -1);
            return 200;
        }
        ex.sendResponseHeaders(200, 0);
        OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16);
        try {
            CarWriter w = new CarWriter(out, List.of(req.root));
            Set<Cid> seen = new HashSet<>();
            for (int i = 0; i < chain.size() - 1; i++) {
                Cid c = chain.get(i);
                if (seen.add(c) || req.dups) {
                    w.write(c, verifiedBlock(c));
                }
            }
            writeDag(w, target, scope.equals("block") ? 0 : Integer.MAX_VALUE, req.dups, seen);
            out.flush();
        } catch (AccelException | Answer e) {
            throw new MidStreamFailure(e.getMessage(), e);
        }
        out.close();
        return 200;
    }

    private static boolean isFile(Cid cid, byte[] block) {
        if (cid.codec() == Cid.RAW || cid.multihash().code() == Multihash.IDENTITY) {
            return true;
        }
        try {
            byte[] data = DagPb.decode(block).copyData();
            return switch (UnixFsData.decode(data, 0, data.length).type()) {
                case FILE, RAW -> true;
                default -> false;
            };
        } catch (AccelException e) {
            return true; // not UnixFS: the whole DAG is the entity
        }
    }

    /** Writes the DAG under {@code root} depth first, each block verified just before it is written. */
    private void writeDag(CarWriter w, Cid root, int maxDepth, boolean dups, Set<Cid> seen) {
        record Step(Cid cid, int depth) {
        }
        Deque<Step> stack = new ArrayDeque<>();
        stack.push(new Step(root, 0));
        while (!stack.isEmpty()) {
            Step s = stack.pop();
            if (!seen.add(s.cid) && !dups) {
                continue;
            }
            if (s.cid.multihash().code() == Multihash.IDENTITY) {
                continue;
            }
            byte[] block = store.blocks().get(s.cid).orElseThrow(() -> new BlockNotFoundException(s.cid));
            s.cid.verify(block, "read from the store");
            if (s.cid.codec() == Cid.DAG_PB && s.depth < maxDepth) {
                List<PBLink> links = DagPb.decode(block).links();
                for (int i = links.size() - 1; i >= 0; i--) {
                    stack.push(new Step(links.get(i).hash(), s.depth + 1));
                }
            }
            w.write(s.cid, block);
        }
    }

    private static void text(HttpExchange ex, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", "text/plain; charset=utf-8");
        h.remove("ETag");
        h.remove("Cache-Control");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
