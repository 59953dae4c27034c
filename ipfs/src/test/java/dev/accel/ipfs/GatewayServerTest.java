package dev.accel.ipfs;

import dev.accel.AccelException;
import dev.accel.ipfs.fetch.DagFetcher;
import dev.accel.ipfs.fetch.FetchReport;
import dev.accel.ipfs.gateway.GatewayClient;
import dev.accel.ipfs.gateway.GatewayServer;
import dev.accel.ipfs.testing.FakeHttp;
import dev.accel.ipfs.testing.TestFiles;
import dev.accel.store.BlockIntegrityException;
import dev.accel.store.car.CarBlock;
import dev.accel.store.car.CarReader;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.DirectoryEntry;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.ImportedNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code accel serve}'s trustless gateway, checked with raw HTTP and with our gateway client (two stores). */
class GatewayServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<byte[]> get(URI base, String path, String accept) throws Exception {
        return send(base, "GET", path, accept, null);
    }

    private static HttpResponse<byte[]> send(URI base, String method, String path, String accept, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesRawBlocksAndCarsPerTheTrustlessGatewaySpec(@TempDir Path tmp) throws Exception {
        Path model = TestFiles.modelDir(tmp.resolve("model"));
        try (ModelStore store = ModelStore.open(tmp.resolve("store"));
             GatewayServer server = GatewayServer.start(store, "127.0.0.1", 0, null)) {
            ImportedNode root = store.add(model, ImportProfile.CIDV1_RAW, true, n -> { });
            URI url = server.url();
            assertEquals("127.0.0.1", url.getHost());

            HttpResponse<byte[]> raw = get(url, "/ipfs/" + root.cid() + "?format=raw", null);
            assertEquals(200, raw.statusCode());
            assertEquals("application/vnd.ipld.raw", raw.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("\"" + root.cid() + ".raw\"", raw.headers().firstValue("ETag").orElseThrow());
            assertEquals("nosniff", raw.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertTrue(raw.headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));
            assertArrayEquals(store.blocks().get(root.cid()).orElseThrow(), raw.body());

            HttpResponse<byte[]> byAccept = get(url, "/ipfs/" + root.cid(), "application/vnd.ipld.raw");
            assertArrayEquals(raw.body(), byAccept.body());
            Cid weights = store.resolve(root.cid(), "model.onnx");
            HttpResponse<byte[]> pathRaw = get(url, "/ipfs/" + root.cid() + "/model.onnx?format=raw", null);
            assertArrayEquals(store.blocks().get(weights).orElseThrow(), pathRaw.body());

            HttpResponse<byte[]> car = get(url, "/ipfs/" + root.cid(), "application/vnd.ipld.car");
            assertEquals(200, car.statusCode());
            assertEquals("application/vnd.ipld.car; version=1; order=dfs; dups=n", car.headers().firstValue("Content-Type").orElseThrow());
            CarReader reader = CarReader.open(new ByteArrayInputStream(car.body()));
            assertEquals(List.of(root.cid()), reader.header().roots());
            Set<Cid> inCar = new HashSet<>();
            for (Optional<CarBlock> b = reader.next(); b.isPresent(); b = reader.next()) {
                assertTrue(inCar.add(b.get().cid()), "no duplicates");
            }
            assertEquals(store.stat().blocks(), inCar.size());

            HttpResponse<byte[]> scopeBlock = get(url, "/ipfs/" + root.cid() + "?format=car&dag-scope=block", null);
            assertEquals(1, countBlocks(scopeBlock.body()));
            HttpResponse<byte[]> entity = get(url, "/ipfs/" + root.cid() + "/model.onnx?format=car&dag-scope=entity", null);
            assertEquals(1 + 1 + 9, countBlocks(entity.body()), "the directory node, the file root, its 9 leaves");

            HttpResponse<byte[]> head = send(url, "HEAD", "/ipfs/" + root.cid() + "?format=raw", null, null);
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            assertEquals(raw.headers().firstValue("ETag"), head.headers().firstValue("ETag"));
            assertEquals(304, send(url, "GET", "/ipfs/" + root.cid() + "?format=raw", null, "\"" + root.cid() + ".raw\"").statusCode());

            Cid absent = Cid.of(Cid.RAW, new byte[] {42});
            assertEquals(404, get(url, "/ipfs/" + absent + "?format=raw", null).statusCode());
            assertEquals(404, get(url, "/ipfs/" + absent + "?format=car", null).statusCode());
            assertEquals(404, get(url, "/ipfs/" + root.cid() + "/nope?format=raw", null).statusCode());
            HttpResponse<byte[]> badCid = get(url, "/ipfs/not-a-cid?format=raw", null);
            assertEquals(400, badCid.statusCode());
            assertTrue(new String(badCid.body()).contains("is not a CID"));
            assertEquals(400, get(url, "/ipfs/" + root.cid() + "?format=tar", null).statusCode());
            assertEquals(406, get(url, "/ipfs/" + root.cid(), "text/html").statusCode());
            assertEquals(406, get(url, "/ipfs/" + root.cid(), null).statusCode());
            assertEquals(400, get(url, "/ipfs/" + root.cid(), "application/vnd.ipld.car; version=2").statusCode());
            assertEquals(405, send(url, "POST", "/ipfs/" + root.cid() + "?format=raw", null, null).statusCode());
            assertEquals(404, get(url, "/ipns/example.com", null).statusCode());
        }
    }

    private static int countBlocks(byte[] car) {
        CarReader reader = CarReader.open(new ByteArrayInputStream(car));
        int n = 0;
        while (reader.next().isPresent()) {
            n++;
        }
        return n;
    }

    @Test
    void corruptBlocksAreNeverServed(@TempDir Path tmp) throws Exception {
        Path model = TestFiles.modelDir(tmp.resolve("model"));
        try (ModelStore store = ModelStore.open(tmp.resolve("store"));
             GatewayServer server = GatewayServer.start(store, "127.0.0.1", 0, null);
             ModelStore other = ModelStore.open(tmp.resolve("other"));
             GatewayClient client = new GatewayClient(List.of(server.url()), RemoteOptions.DEFAULTS.withRetries(0))) {
            ImportedNode root = store.add(model, ImportProfile.CIDV1_RAW, true, n -> { });
            Cid weights = store.resolve(root.cid(), "model.onnx");
            Cid leaf = dev.accel.store.dagpb.DagPb.decode(store.blocks().get(weights).orElseThrow()).links().get(3).hash();
            byte[] good = store.blocks().get(leaf).orElseThrow();
            Path file = blockFile(tmp.resolve("store"), leaf);
            byte[] bad = good.clone();
            bad[100] ^= 1;
            Files.write(file, bad);

            HttpResponse<byte[]> raw = get(server.url(), "/ipfs/" + leaf + "?format=raw", null);
            assertEquals(500, raw.statusCode());
            String message = new String(raw.body());
            assertTrue(message.contains(leaf.toString()) && message.contains("corrupt"), message);
            assertFalse(new String(raw.body(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(
                    new String(bad, 90, 20, java.nio.charset.StandardCharsets.ISO_8859_1)));

            // mid-CAR: the connection is cut, the client sees a broken answer and keeps nothing
            AccelException e = assertThrows(AccelException.class,
                    () -> client.fetchDag(root.cid(), new DagFetcher(other, true, tmp.resolve("staging"), n -> { })));
            assertTrue(e.getMessage().contains("broke off") || e.getMessage().contains("truncated") || e.getMessage().contains("incomplete"),
                    e.getMessage());
            assertEquals(0, TestFiles.blockFiles(tmp.resolve("other")));
            assertEquals(0, TestFiles.filesIn(tmp.resolve("staging")));
        }
    }

    static Path blockFile(Path storeRoot, Cid cid) throws IOException {
        String name = cid.toString().substring(1).toUpperCase(java.util.Locale.ROOT);
        try (var walk = Files.walk(storeRoot.resolve("blocks"))) {
            return walk.filter(p -> p.getFileName().toString().equalsIgnoreCase(name)).findFirst().orElseThrow();
        }
    }

    @Test
    void secondStoreFetchesAModelFromTheServerWithIdenticalCids(@TempDir Path tmp) throws Exception {
        Path model = TestFiles.modelDir(tmp.resolve("model"));
        try (ModelStore a = ModelStore.open(tmp.resolve("a"));
             ModelStore b = ModelStore.open(tmp.resolve("b"));
             ModelStore c = ModelStore.open(tmp.resolve("c"));
             GatewayServer server = GatewayServer.start(a, "127.0.0.1", 0, null);
             FakeHttp liar = new FakeHttp().on("/ipfs/", ex -> {
                 String type = ex.getRequestURI().getQuery().contains("format=car") ? "application/vnd.ipld.car" : "application/vnd.ipld.raw";
                 FakeHttp.send(ex, 200, type, TestFiles.bytes(5, 3000));
             });
             GatewayClient client = new GatewayClient(List.of(liar.url(), server.url()), RemoteOptions.DEFAULTS.withRetries(0))) {
            ImportedNode root = a.add(model, ImportProfile.UNIXFS_V1_2025, true, n -> { });
            FetchReport car = client.fetchDag(root.cid(), DagFetcher.of(b));
            assertEquals("gateway " + server.url(), car.source(), "the lying gateway was tried first and skipped");
            assertEquals(names(a, root.cid()), names(b, root.cid()));
            assertEquals(Optional.empty(), b.firstMissing(root.cid()));

            FetchReport blocks = client.fetchBlocks(root.cid(), DagFetcher.of(c), 4);
            assertEquals(car.blocksFetched(), blocks.blocksFetched());
            assertEquals(names(a, root.cid()), names(c, root.cid()));
            try (InputStream in = c.openFile(c.resolve(root.cid(), "model.onnx")).newInputStream()) {
                assertArrayEquals(Files.readAllBytes(model.resolve("model.onnx")), in.readAllBytes());
            }
            assertTrue(liar.count("/ipfs/" + root.cid()) >= 1);

            // only the liar: the block it sends is rejected
            try (GatewayClient onlyLiar = new GatewayClient(List.of(liar.url()), RemoteOptions.DEFAULTS.withRetries(0))) {
                assertThrows(BlockIntegrityException.class, () -> onlyLiar.block(root.cid()));
            }
        }
    }

    private static List<String> names(ModelStore s, Cid dir) {
        List<String> out = new ArrayList<>();
        for (DirectoryEntry e : s.list(dir)) {
            out.add(e.name() + " " + e.cid());
        }
        return out;
    }
}
