package dev.accel.cli.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.accel.AccelException;
import dev.accel.cli.Main;
import dev.accel.ipfs.gateway.GatewayServer;
import dev.accel.memory.MemoryScope;
import dev.accel.store.car.CarBlock;
import dev.accel.store.car.CarReader;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Corruption and repair: three files whose second leaf is damaged three ways (a flipped byte, a truncated
 * block file, a deleted block file). Every read path (cat, get, mapped open, the gateway server for raw
 * blocks and CARs, push) refuses the damaged block and names it; {@code store verify --repair --gateway URL}
 * and {@code --from URL} then re-fetch exactly the damaged blocks, verified, and every file reads back whole.
 */
class CorruptionRepairTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    enum Damage { FLIP, TRUNCATE, DELETE }

    record Victim(Damage damage, Cid root, Cid block, byte[] content) {
    }

    private static byte[] content(int seed) {
        byte[] b = new byte[(2 << 20) + 4096 * seed + 17];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** Adds the three files to {@code store} and damages each one's second leaf. */
    private static List<Victim> damage(ModelStore store) throws IOException {
        List<Victim> victims = new ArrayList<>();
        for (Damage d : Damage.values()) {
            byte[] c = content(d.ordinal() + 1);
            Cid root = store.add(new ByteArrayInputStream(c), ImportProfile.UNIXFS_V1_2025, true, n -> { }).cid();
            Cid leaf = DagPb.decode(store.blocks().get(root).orElseThrow()).links().get(1).hash();
            Path file = store.blocks().pathOf(leaf);
            switch (d) {
                case FLIP -> {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                        raf.seek(12345);
                        int b = raf.read();
                        raf.seek(12345);
                        raf.write(b ^ 0x10);
                    }
                }
                case TRUNCATE -> {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                        raf.setLength(raf.length() / 2);
                    }
                }
                case DELETE -> Files.delete(file);
            }
            victims.add(new Victim(d, root, leaf, c));
        }
        return victims;
    }

    @Test
    void everyReadPathRefusesTheDamagedBlockAndNamesIt() throws Exception {
        Path dir = tmp.resolve("store");
        List<Victim> victims;
        try (ModelStore store = ModelStore.open(dir)) {
            victims = damage(store);
        }
        String s = dir.toString();
        try (PushTarget node = new PushTarget()) {
            for (Victim v : victims) {
                String name = v.block.toString();
                Result cat = run("store", "cat", "--store", s, v.root.toString(), "-o", tmp.resolve("cat-" + v.damage).toString());
                assertEquals(1, cat.code(), v.damage + " cat");
                assertTrue(cat.err().contains(name), v.damage + " cat: " + cat.err());
                assertFalse(Files.exists(tmp.resolve("cat-" + v.damage)), "cat left a partial output");

                Result get = run("store", "get", "--store", s, v.root.toString(), "-o", tmp.resolve("get-" + v.damage).toString());
                assertEquals(1, get.code(), v.damage + " get");
                assertTrue(get.err().contains(name), v.damage + " get: " + get.err());
                assertFalse(Files.exists(tmp.resolve("get-" + v.damage)), "get left a partial output");

                Result push = run("store", "push", "--store", s, v.root.toString(), "--to", node.url(), "--retries", "0");
                assertEquals(1, push.code(), v.damage + " push");
                assertTrue(push.err().contains(name), v.damage + " push: " + push.err());
                assertEquals(0, node.received.size(), "push sent something of a damaged DAG");
            }
            try (ModelStore store = ModelStore.open(dir); MemoryScope scope = MemoryScope.confined();
                 GatewayServer gw = GatewayServer.start(store, "127.0.0.1", 0, null);
                 HttpClient http = HttpClient.newHttpClient()) {
                for (Victim v : victims) {
                    AccelException e = assertThrows(AccelException.class, () -> store.open(v.root, scope), v.damage + " open");
                    assertTrue(e.getMessage().contains(v.block.toString()), v.damage + " open: " + e.getMessage());

                    HttpResponse<String> raw = http.send(HttpRequest.newBuilder(URI.create(gw.url() + "/ipfs/" + v.block + "?format=raw"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(v.damage == Damage.DELETE ? 404 : 500, raw.statusCode(), v.damage + " gateway raw");
                    assertTrue(raw.body().contains(v.block.toString()), v.damage + " gateway raw: " + raw.body());

                    // a CAR of the whole file: an error status naming the block, or a 200 whose stream the server breaks
                    // off just before the damaged block: its bytes are never sent, and the CAR lacks it
                    try {
                        HttpResponse<byte[]> car = http.send(HttpRequest.newBuilder(URI.create(gw.url() + "/ipfs/" + v.root + "?format=car"))
                                .build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (car.statusCode() == 200) {
                            List<Cid> sent = new ArrayList<>();
                            try {
                                CarReader r = CarReader.open(new ByteArrayInputStream(car.body()));
                                for (Optional<CarBlock> b = r.next(); b.isPresent(); b = r.next()) {
                                    sent.add(b.get().cid());
                                }
                            } catch (AccelException truncatedMidSection) {
                                // also a break-off
                            }
                            assertFalse(sent.contains(v.block), v.damage + " gateway car sent the damaged block");
                            assertTrue(sent.size() < 4, v.damage + " gateway car sent a whole DAG: " + sent);
                        } else {
                            assertTrue(new String(car.body()).contains(v.block.toString()), v.damage + " gateway car: " + car.statusCode());
                        }
                    } catch (IOException broken) {
                        assertTrue(broken.getMessage() != null, v.damage + " gateway car");
                    }
                }
            }
        }
    }

    @Test
    void verifyRepairRefetchesExactlyTheDamagedBlocksFromAGatewayAndFromANode() throws Exception {
        Path source = tmp.resolve("source");
        try (ModelStore src = ModelStore.open(source)) {
            for (Damage d : Damage.values()) {
                src.add(new ByteArrayInputStream(content(d.ordinal() + 1)), ImportProfile.UNIXFS_V1_2025, true, n -> { });
            }
        }
        Path dir = tmp.resolve("store");
        List<Victim> victims;
        try (ModelStore store = ModelStore.open(dir)) {
            victims = damage(store);
        }
        Set<String> damaged = new java.util.TreeSet<>();
        victims.forEach(v -> damaged.add(v.block.toString()));
        try (ModelStore src = ModelStore.open(source); GatewayServer gw = GatewayServer.start(src, "127.0.0.1", 0, null)) {
            Result repair = run("store", "verify", "--store", dir.toString(), "--repair", "--gateway", gw.url().toString());
            assertEquals(0, repair.code(), repair.out() + repair.err());
            assertEquals(damaged, refetched(repair.out()), repair.out());
            assertTrue(repair.out().contains("re-fetched 3 blocks from gateway " + gw.url()), repair.out());
        }
        checkWhole(dir, victims);

        // again, from a Kubo-RPC block/get endpoint that counts what it is asked for
        try (ModelStore store = ModelStore.open(dir)) {
            for (Victim v : victims) {
                store.unpin(v.root);
            }
            store.gc(n -> { });
            victims = damage(store);
        }
        try (ModelStore src = ModelStore.open(source); BlockGetNode node = new BlockGetNode(src)) {
            Result repair = run("store", "verify", "--store", dir.toString(), "--repair", "--from", node.url(), "--json");
            assertEquals(0, repair.code(), repair.out() + repair.err());
            assertEquals(damaged, Set.copyOf(node.asked), "block/get was asked for exactly the damaged blocks");
            assertEquals(3, node.asked.size());
            assertTrue(repair.out().contains("\"ok\": true"), repair.out());
        }
        checkWhole(dir, victims);

        Result noRepair = run("store", "verify", "--store", dir.toString(), "--gateway", "http://127.0.0.1:1");
        assertEquals(2, noRepair.code(), noRepair.err());
        assertTrue(noRepair.err().contains("--repair"), noRepair.err());
    }

    private static Set<String> refetched(String out) {
        Set<String> s = new java.util.TreeSet<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("refetched ")) {
                s.add(line.substring("refetched ".length()).strip());
            }
        }
        return s;
    }

    private static void checkWhole(Path dir, List<Victim> victims) {
        try (ModelStore store = ModelStore.open(dir)) {
            assertTrue(store.verify(false, n -> { }).ok());
            for (Victim v : victims) {
                var f = store.openFile(v.root);
                assertArrayEquals(v.content, f.read(0, (int) f.size()), v.damage + " reads back whole after the repair");
            }
        }
    }

    /** A Kubo RPC stand-in that accepts anything and records what it received (push must send nothing). */
    static final class PushTarget implements AutoCloseable {
        final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        final HttpServer server;

        PushTarget() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/api/v0/", ex -> {
                try (ex) {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    if (body.length > 0) {
                        received.add(ex.getRequestURI().getPath());
                    }
                    byte[] answer = "{}".getBytes();
                    ex.sendResponseHeaders(200, answer.length);
                    ex.getResponseBody().write(answer);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** {@code /api/v0/block/get} over a store, recording every CID asked for. */
    static final class BlockGetNode implements AutoCloseable {
        final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        final HttpServer server;

        BlockGetNode(ModelStore store) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/api/v0/block/get", (HttpExchange ex) -> {
                try (ex) {
                    String cid = ex.getRequestURI().getQuery().replaceAll(".*arg=([^&]*).*", "$1");
                    asked.add(cid);
                    byte[] block = store.blocks().get(Cid.parse(cid)).orElseThrow();
                    ex.sendResponseHeaders(200, block.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(block);
                    }
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
