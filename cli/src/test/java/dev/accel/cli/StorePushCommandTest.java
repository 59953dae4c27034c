package dev.accel.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.car.CarBlock;
import dev.accel.store.car.CarReader;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multihash;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code accel store push} against a small in-memory stand-in of the Kubo RPC API (dag/import, block/put,
 * pin/add, pin/ls, block/stat); the real-node tests (js-ipfs) are in the ipfs module.
 */
class StorePushCommandTest {
    /** A minimal RPC node: blocks in memory, recursive pins as a set. */
    static final class MiniNode implements AutoCloseable {
        final MemoryBlockstore blocks = new MemoryBlockstore();
        final Set<Cid> pins = ConcurrentHashMap.newKeySet();
        final HttpServer server;

        MiniNode() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/api/v0/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static String arg(HttpExchange ex, String name) {
            for (String kv : ex.getRequestURI().getQuery().split("&")) {
                if (kv.startsWith(name + "=")) {
                    return kv.substring(name.length() + 1);
                }
            }
            return "";
        }

        /** The first part's bytes of a multipart body. */
        private static byte[] part(byte[] body) {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String boundary = text.substring(0, text.indexOf("\r\n"));
            int start = text.indexOf("\r\n\r\n") + 4;
            int end = text.indexOf("\r\n" + boundary, start);
            return Arrays.copyOfRange(body, start, end);
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                String cmd = ex.getRequestURI().getPath().substring("/api/v0/".length());
                byte[] body = ex.getRequestBody().readAllBytes();
                String answer;
                switch (cmd) {
                    case "dag/import" -> {
                        CarReader r = CarReader.open(new ByteArrayInputStream(part(body)));
                        for (Optional<CarBlock> b = r.next(); b.isPresent(); b = r.next()) {
                            blocks.put(b.get().cid(), b.get().block());
                        }
                        Cid root = r.header().roots().getFirst();
                        pins.add(root);
                        answer = "{\"Root\":{\"Cid\":{\"/\":\"" + root + "\"},\"PinErrorMsg\":\"\"}}\n";
                    }
                    case "block/put" -> {
                        byte[] block = part(body);
                        Multihash mh = Multihash.sha256(block);
                        Cid cid = arg(ex, "format").equals("v0") ? Cid.v0(mh)
                                : Cid.v1(arg(ex, "cid-codec").equals("raw") ? Cid.RAW : Cid.DAG_PB, mh);
                        blocks.put(cid, block);
                        answer = "{\"Key\":\"" + cid + "\",\"Size\":" + block.length + "}";
                    }
                    case "pin/add" -> {
                        pins.add(Cid.parse(arg(ex, "arg")));
                        answer = "{\"Pins\":[\"" + arg(ex, "arg") + "\"]}";
                    }
                    case "pin/ls" -> answer = pins.contains(Cid.parse(arg(ex, "arg")))
                            ? "{\"Keys\":{\"" + arg(ex, "arg") + "\":{\"Type\":\"recursive\"}}}" : "{\"Keys\":{}}";
                    case "block/stat" -> {
                        Cid cid = Cid.parse(arg(ex, "arg"));
                        answer = "{\"Key\":\"" + cid + "\",\"Size\":" + blocks.get(cid).orElseThrow().length + "}";
                    }
                    default -> answer = null;
                }
                byte[] out = (answer == null ? "{\"Message\":\"unknown command\"}" : answer).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(answer == null ? 404 : 200, out.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void pushesByCarAndByBlocksAndTheNodeHasTheWholeDag(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("weights.bin");
        byte[] data = new byte[900_000];
        new java.util.Random(3).nextBytes(data);
        Files.write(file, data);
        Cid car;
        Cid legacy;
        try (ModelStore s = ModelStore.open(tmp.resolve("s"))) {
            car = s.add(file, ImportProfile.CIDV1_RAW, true, n -> { }).cid();
            legacy = s.add(file, ImportProfile.KUBO_LEGACY, true, n -> { }).cid();
        }
        try (MiniNode node = new MiniNode()) {
            StoreCommandTest.Result r = StoreCommandTest.run("store", "--store", tmp.resolve("s").toString(), "push", car.toString(),
                    "--to", node.url());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("pushed " + car) && r.out().contains("pinned recursive"), r.out());
            assertEquals(5, node.blocks.size(), "root + 4 leaves of 256 KiB");

            StoreCommandTest.Result b = StoreCommandTest.run("store", "--store", tmp.resolve("s").toString(), "push", legacy.toString(),
                    "--to", node.url(), "--mode", "blocks", "--json");
            assertEquals(0, b.code(), b.err());
            assertTrue(b.out().contains("\"mode\": \"blocks\"") && b.out().contains("\"pinned\": true"), b.out());
            assertTrue(node.blocks.has(legacy) && node.pins.contains(legacy));
        }
    }
}
