package dev.accel.ipfs.rpc;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.ipfs.RemoteException;
import dev.accel.ipfs.RemoteOptions;
import dev.accel.ipfs.internal.HttpCaller;
import dev.accel.ipfs.internal.Multipart;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.store.StoreLimits;
import dev.accel.store.cid.Cid;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A client of the <a href="https://docs.ipfs.tech/reference/kubo/rpc/">Kubo RPC API</a> ({@code POST
 * /api/v0/...}), as served by Kubo and by js-ipfs's HTTP server. Thread-safe; close it to release its HTTP
 * client.
 *
 * <p><b>Trust.</b> {@link #blockGet} verifies the bytes against the CID before returning them. {@link #cat}
 * and {@link #dagExport} return the node's bytes as a bounded stream: {@code cat} cannot be verified
 * without the DAG (fetch the DAG into a store for that), and a CAR stream is verified by whoever reads it
 * ({@link dev.accel.ipfs.fetch.DagFetcher} does, block by block).
 *
 * <p><b>Retries.</b> Calls that only read, and calls that are content-addressed and so harmless to repeat
 * ({@code block/put}, {@code dag/import}, {@code pin/add}) are retried on connection errors, timeouts and
 * 429/502/503/504; {@code add} and {@code pin/rm} are retried only when the connection was refused (nothing
 * was sent). See {@link RemoteOptions}.
 *
 * <p><b>CIDs in answers</b> are parsed whatever their multibase (Kubo writes CIDv1 in base32, js-ipfs in
 * base58btc); a CIDv0 stays a CIDv0. No {@code cid-base} is asked for: js-ipfs 0.66 fails the whole call
 * ("Cannot string encode V0 in base32") when the answer holds a CIDv0.
 */
public final class KuboRpcClient implements AutoCloseable {
    private final URI base;
    private final HttpCaller http;
    private final RemoteOptions options;

    /**
     * A client of the node whose API listens at {@code apiUrl} ({@code http://127.0.0.1:5001}; a trailing
     * {@code /api/v0} is accepted).
     */
    public KuboRpcClient(URI apiUrl, RemoteOptions options) {
        this.base = normalize(apiUrl);
        this.options = Objects.requireNonNull(options, "options");
        this.http = new HttpCaller(options, "IPFS node (Kubo RPC API)");
    }

    static URI normalize(URI url) {
        String s = url.toString();
        if (!(s.startsWith("http://") || s.startsWith("https://"))) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "the RPC API URL must start with http:// or https://, got " + s);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("/api/v0")) {
            s = s.substring(0, s.length() - "/api/v0".length());
        }
        return URI.create(s);
    }

    /** The API's base URL ({@code http://host:port}). */
    public URI url() {
        return base;
    }

    // ------------------------------------------------------------------ node

    /** {@code version}. */
    public NodeVersion version() {
        Map<String, Object> o = json("version", Map.of(), true);
        return new NodeVersion(JsonObjects.string(o, "Version").orElse(""), JsonObjects.string(o, "Commit").orElse(""),
                JsonObjects.string(o, "Repo").orElse(""), JsonObjects.string(o, "System").orElse(""));
    }

    /** {@code id}. */
    public NodeIdentity id() {
        Map<String, Object> o = json("id", Map.of(), true);
        List<String> addresses = new ArrayList<>();
        if (o.get("Addresses") instanceof List<?> l) {
            l.forEach(a -> addresses.add(String.valueOf(a)));
        }
        return new NodeIdentity(JsonObjects.requireString(o, "ID", "the id answer"), addresses,
                JsonObjects.string(o, "AgentVersion").orElse(""), JsonObjects.string(o, "ProtocolVersion").orElse(""));
    }

    // ------------------------------------------------------------------ files

    /**
     * {@code add} of one file or a folder (recursively, entries in name order; the folder's name is the
     * top of every path). Returns every entry the node reports; for a folder the last one is its root.
     * Not retried once sent.
     */
    public List<AddedEntry> add(Path path, AddOptions add) {
        Multipart body = new Multipart();
        Path top = path.toAbsolutePath().normalize();
        String topName = top.getFileName() == null ? "root" : top.getFileName().toString();
        if (Files.isDirectory(top)) {
            try (Stream<Path> walk = Files.walk(top)) {
                for (Path p : walk.sorted().toList()) {
                    String name = topName + (p.equals(top) ? "" : "/" + top.relativize(p).toString().replace('\\', '/'));
                    if (Files.isDirectory(p)) {
                        body.directory(name);
                    } else if (Files.isRegularFile(p)) {
                        body.file(name, p);
                    }
                }
            } catch (IOException e) {
                throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + path + ": " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(top)) {
            body.file(topName, top);
        } else {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "no such file or folder: " + path);
        }
        return addMultipart(body, add);
    }

    /** {@code add} of {@code data} as one file named {@code name}. */
    public AddedEntry add(String name, byte[] data, AddOptions add) {
        List<AddedEntry> entries = addMultipart(new Multipart().bytes(name, data), add);
        return entries.getLast();
    }

    private List<AddedEntry> addMultipart(Multipart body, AddOptions add) {
        Map<String, String> q = new LinkedHashMap<>(add.query());
        q.put("progress", "false");
        HttpCaller.Call call = call("add", q, false, options.maxJsonBytes(), "largest JSON answer")
                .withBody(body::publisher, body.contentType());
        List<AddedEntry> out = new ArrayList<>();
        for (Object line : Json.parseLines(text(call), source("add"))) {
            Map<String, Object> o = JsonObjects.object(line, "an add answer line");
            if (o.containsKey("Hash")) {
                out.add(new AddedEntry(JsonObjects.string(o, "Name").orElse(""), parseCid(JsonObjects.requireString(o, "Hash", "an add answer line"), "add"),
                        JsonObjects.integerOrDecimalString(o, "Size").orElse(-1L)));
            }
        }
        if (out.isEmpty()) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source("add") + " answered with no added entry");
        }
        return out;
    }

    /**
     * {@code cat}: the file's bytes as the node gives them (not verifiable without the DAG), bounded by
     * {@link RemoteOptions#maxDagBytes()}. The caller closes the stream.
     */
    public InputStream cat(Cid cid) {
        return stream("cat", Map.of("arg", cid.toString()), options.maxDagBytes(), "maxDagBytes");
    }

    // ------------------------------------------------------------------ blocks

    /**
     * {@code block/get}, verified: returns the block only if it hashes to {@code cid}.
     *
     * @throws dev.accel.store.BlockIntegrityException if the node sent other bytes
     */
    public byte[] blockGet(Cid cid) {
        HttpCaller.Call call = call("block/get", Map.of("arg", cid.toString()), true, StoreLimits.MAX_BLOCK_SIZE, "block size limit");
        byte[] block;
        try (HttpCaller.Response r = ok(call)) {
            block = r.bytes();
        }
        cid.verify(block, "block/get from " + base);
        return block;
    }

    /**
     * {@code block/put} of a block that must come back under {@code expected}: the codec, hash and CID
     * version are sent both as Kubo names them ({@code cid-codec}, {@code mhtype}; {@code format=v0} for a
     * CIDv0) and as js-ipfs does ({@code format}, {@code version}).
     *
     * @return the CID the node reports (same multihash and codec as {@code expected})
     * @throws AccelException {@link ErrorCode#INTEGRITY} if the node stored it under another hash or codec
     */
    public Cid blockPut(Cid expected, byte[] block) {
        String codec = codecName(expected.codec());
        Map<String, String> q = new LinkedHashMap<>();
        q.put("cid-codec", codec);
        q.put("format", expected.version() == 0 ? "v0" : codec);
        q.put("version", Integer.toString(expected.version()));
        q.put("mhtype", "sha2-256");
        if (expected.multihash().code() != dev.accel.store.cid.Multihash.SHA2_256) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "block/put of " + expected + ": only sha2-256 blocks can be put");
        }
        Multipart body = new Multipart().bytes("block", block);
        HttpCaller.Call call = call("block/put", q, true, options.maxJsonBytes(), "largest JSON answer")
                .withBody(body::publisher, body.contentType());
        Map<String, Object> o = JsonObjects.object(Json.parse(text(call), source("block/put")), "the block/put answer");
        Cid got = parseCid(JsonObjects.requireString(o, "Key", "the block/put answer"), "block/put");
        if (!got.multihash().equals(expected.multihash()) || got.codec() != expected.codec()) {
            throw new AccelException(ErrorCode.INTEGRITY, "the node at " + base + " stored block " + expected + " as " + got
                    + " (different hash or codec)");
        }
        return got;
    }

    /** {@code block/stat}. */
    public BlockStat blockStat(Cid cid) {
        Map<String, Object> o = json("block/stat", Map.of("arg", cid.toString()), true);
        return new BlockStat(parseCid(JsonObjects.requireString(o, "Key", "the block/stat answer"), "block/stat"),
                JsonObjects.integerOrDecimalString(o, "Size").orElse(-1L));
    }

    // ------------------------------------------------------------------ DAGs

    /**
     * {@code dag/export}: the DAG under {@code root} as a CAR stream, bounded by
     * {@link RemoteOptions#maxDagBytes()}; unverified until read with a {@link dev.accel.store.car.CarReader}.
     * The caller closes the stream.
     */
    public InputStream dagExport(Cid root) {
        return stream("dag/export", Map.of("arg", root.toString()), options.maxDagBytes(), "maxDagBytes");
    }

    /**
     * {@code dag/import} of the CAR file {@code car} (streamed from disk); with {@code pinRoots}, the node
     * pins its roots.
     */
    public DagImportResult dagImport(Path car, boolean pinRoots) {
        Multipart body = new Multipart().file("car", car);
        HttpCaller.Call call = call("dag/import", Map.of("pin-roots", Boolean.toString(pinRoots)), true, options.maxJsonBytes(),
                "largest JSON answer").withBody(body::publisher, body.contentType());
        List<Cid> pinned = new ArrayList<>();
        Map<Cid, String> errors = new LinkedHashMap<>();
        for (Object line : Json.parseLines(text(call), source("dag/import"))) {
            Map<String, Object> o = JsonObjects.object(line, "a dag/import answer line");
            if (o.get("Root") instanceof Map<?, ?> rootObj) {
                Map<String, Object> root = JsonObjects.object(rootObj, "Root");
                Map<String, Object> cidObj = JsonObjects.object(root.get("Cid"), "Root.Cid");
                Cid cid = parseCid(JsonObjects.requireString(cidObj, "/", "Root.Cid"), "dag/import");
                String err = JsonObjects.string(root, "PinErrorMsg").orElse("");
                if (err.isEmpty()) {
                    pinned.add(cid);
                } else {
                    errors.put(cid, err);
                }
            }
        }
        return new DagImportResult(pinned, errors);
    }

    // ------------------------------------------------------------------ pins

    /** {@code pin/add}, recursive or direct; returns the CIDs the node reports pinned. */
    public List<Cid> pinAdd(Cid cid, boolean recursive) {
        Map<String, Object> o = json("pin/add", Map.of("arg", cid.toString(), "recursive", Boolean.toString(recursive)), true);
        return cids(o.get("Pins"), "pin/add");
    }

    /** {@code pin/rm} (recursive); returns the CIDs the node reports unpinned. Not retried once sent. */
    public List<Cid> pinRm(Cid cid) {
        Map<String, Object> o = json("pin/rm", Map.of("arg", cid.toString()), false);
        return cids(o.get("Pins"), "pin/rm");
    }

    /**
     * {@code pin/ls}: every pin ({@code cid} empty; recursive and direct, as {@code type=all} without the
     * indirect ones) or the pin of one CID, with its type ({@code recursive}, {@code direct},
     * {@code indirect}). A CID that is not pinned is an empty map (the node's "not pinned" error is
     * absorbed; other errors are thrown).
     */
    public Map<Cid, String> pinLs(Optional<Cid> cid) {
        Map<String, String> q = new LinkedHashMap<>();
        cid.ifPresent(c -> q.put("arg", c.toString()));
        q.put("type", cid.isPresent() ? "all" : "recursive");
        Map<Cid, String> out = new LinkedHashMap<>();
        if (cid.isEmpty()) {
            lsInto(q, out);
            q.put("type", "direct");
            lsInto(q, out);
            return out;
        }
        try {
            lsInto(q, out);
        } catch (RemoteException e) {
            if (e.status() == 500 && e.getMessage().contains("not pinned")) {
                return Map.of();
            }
            throw e;
        }
        return out;
    }

    private void lsInto(Map<String, String> q, Map<Cid, String> out) {
        Map<String, Object> o = json("pin/ls", q, true);
        if (o.get("Keys") instanceof Map<?, ?> keys) {
            for (Map.Entry<?, ?> e : keys.entrySet()) {
                Map<String, Object> v = JsonObjects.object(e.getValue(), "a pin/ls entry");
                out.put(parseCid(String.valueOf(e.getKey()), "pin/ls"), JsonObjects.string(v, "Type").orElse(""));
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    private static String codecName(long codec) {
        if (codec == Cid.RAW) {
            return "raw";
        }
        if (codec == Cid.DAG_PB) {
            return "dag-pb";
        }
        if (codec == Cid.DAG_CBOR) {
            return "dag-cbor";
        }
        throw new AccelException(ErrorCode.UNSUPPORTED, "no codec name for 0x" + Long.toHexString(codec));
    }

    private List<Cid> cids(Object list, String command) {
        List<Cid> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                out.add(parseCid(o instanceof Map<?, ?> m ? String.valueOf(m.get("/")) : String.valueOf(o), command));
            }
        }
        return out;
    }

    private Cid parseCid(String text, String command) {
        try {
            return Cid.parse(text);
        } catch (AccelException e) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, source(command) + " answered with \"" + text + "\", which is not a CID: "
                    + e.getMessage(), e);
        }
    }

    private String source(String command) {
        return "the IPFS node at " + base + " (/api/v0/" + command + ")";
    }

    private HttpCaller.Call call(String command, Map<String, String> query, boolean idempotent, long limit, String limitName) {
        StringBuilder u = new StringBuilder(base.toString()).append("/api/v0/").append(command);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            u.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return HttpCaller.Call.of("POST", URI.create(u.toString()), idempotent, limit, limitName);
    }

    private Map<String, Object> json(String command, Map<String, String> query, boolean idempotent) {
        HttpCaller.Call call = call(command, query, idempotent, options.maxJsonBytes(), "largest JSON answer");
        return JsonObjects.object(Json.parse(text(call), source(command)), "the " + command + " answer");
    }

    private String text(HttpCaller.Call call) {
        try (HttpCaller.Response r = ok(call)) {
            return new String(r.bytes(), StandardCharsets.UTF_8);
        }
    }

    private InputStream stream(String command, Map<String, String> query, long limit, String limitName) {
        HttpCaller.Response r = ok(call(command, query, true, limit, limitName));
        return r.body();
    }

    /** Sends and checks the status; an error status becomes a {@link RemoteException} with the node's message. */
    private HttpCaller.Response ok(HttpCaller.Call call) {
        HttpCaller.Response r = http.send(call);
        if (r.ok()) {
            return r;
        }
        try (r) {
            String body = r.text(4096);
            String message = body;
            try {
                Object parsed = Json.parse(body, "error");
                if (parsed instanceof Map<?, ?> m && m.get("Message") instanceof String s) {
                    message = s;
                }
            } catch (AccelException notJson) {
                // keep the text
            }
            String command = call.uri().getRawPath().substring("/api/v0/".length());
            String what = switch (r.status()) {
                case 401, 403 -> "the IPFS node at " + base + " refused the call (HTTP " + r.status() + "); check the authorization (--auth): "
                        + message;
                case 404 -> "the IPFS node at " + base + " does not serve /api/v0/" + command + " (HTTP 404; is this the RPC API"
                        + " address, usually port 5001, and not a gateway?): " + message;
                case 405 -> "the server at " + base + " does not take POST /api/v0/" + command + " (HTTP 405); is it a Kubo RPC API?";
                default -> source(command) + " failed (HTTP " + r.status() + "): " + message;
            };
            ErrorCode code = r.status() == 400 ? ErrorCode.INVALID_ARGUMENT : ErrorCode.IO_ERROR;
            throw new RemoteException(code, call.uri(), r.status(), what, null);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
