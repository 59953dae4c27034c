package dev.accel.cli;

import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.DirectoryEntry;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code accel serve} on one store, {@code accel store fetch --gateway} into another: identical CIDs. */
class ServeCommandTest {
    private static final Pattern URL = Pattern.compile("--gateway (http://127\\.0\\.0\\.1:\\d+)");

    /** A writer that keeps what was written, readable from another thread. */
    static final class Capture extends Writer {
        final StringBuffer text = new StringBuffer();

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void secondStoreFetchesAModelFromAccelServe(@TempDir Path tmp) throws Exception {
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{\"layers\": 2}");
        byte[] weights = new byte[3_000_000];
        new java.util.Random(1).nextBytes(weights);
        Files.write(model.resolve("model.onnx"), weights);
        Cid root;
        try (ModelStore a = ModelStore.open(tmp.resolve("a"))) {
            root = a.add(model, ImportProfile.UNIXFS_V1_2025, true, n -> { }).cid();
        }

        Capture out = new Capture();
        Capture err = new Capture();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serve = Thread.ofPlatform().start(() -> code.set(Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "serve", "--store", tmp.resolve("a").toString(), "--port", "0", "--log")));
        try {
            String url = null;
            for (int i = 0; i < 200 && url == null; i++) {
                Matcher m = URL.matcher(out.text);
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(50);
                }
            }
            assertTrue(url != null, "serve printed its URL: " + out.text + err.text);
            assertTrue(out.text.toString().contains("read-only"), out.text.toString());

            StoreCommandTest.Result car = StoreCommandTest.run("store", "--store", tmp.resolve("b").toString(), "fetch", root.toString(),
                    "--gateway", url);
            assertEquals(0, car.code(), car.err());
            assertTrue(car.out().contains("fetched " + root) && car.out().contains("pinned"), car.out());
            StoreCommandTest.Result blocks = StoreCommandTest.run("store", "--store", tmp.resolve("c").toString(), "fetch", root.toString(),
                    "--gateway", url, "--mode", "blocks", "--parallel", "3", "--json");
            assertEquals(0, blocks.code(), blocks.err());
            assertTrue(blocks.out().contains("\"pinned\": true"), blocks.out());

            try (ModelStore a = ModelStore.open(tmp.resolve("a")); ModelStore b = ModelStore.open(tmp.resolve("b"));
                 ModelStore c = ModelStore.open(tmp.resolve("c"))) {
                List<DirectoryEntry> expected = a.list(root);
                assertEquals(expected, b.list(root));
                assertEquals(expected, c.list(root));
                assertEquals(Optional.empty(), b.firstMissing(root));
                assertEquals(Optional.empty(), c.firstMissing(root));
            }
            assertTrue(err.text.toString().contains("GET /ipfs/" + root), "--log prints requests: " + err.text);
        } finally {
            serve.interrupt();
            serve.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertFalse(serve.isAlive());
        assertEquals(0, code.get(), err.text.toString());
    }

    @Test
    void fetchNeedsExactlyOneSourceAndExplainsAnUnreachableNode(@TempDir Path tmp) throws IOException {
        String store = tmp.resolve("s").toString();
        String cid = "bafkreie7ohywtosou76tasm7j63yigtzxe7d5zqus4zu3j6oltvgtibeom";
        assertEquals(2, StoreCommandTest.run("store", "--store", store, "fetch", cid).code());
        assertEquals(2, StoreCommandTest.run("store", "--store", store, "fetch", cid, "--from", "http://127.0.0.1:1",
                "--gateway", "http://127.0.0.1:1").code());
        assertEquals(2, StoreCommandTest.run("store", "--store", store, "fetch", "not-a-cid", "--from", "http://127.0.0.1:1").code());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StoreCommandTest.Result r = StoreCommandTest.run("store", "--store", store, "fetch", cid, "--from", "http://127.0.0.1:" + port,
                "--retries", "1", "--timeout", "2");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot reach the IPFS node") && r.err().contains("http://127.0.0.1:" + port)
                && r.err().contains("tried 2 times"), r.err());
        StoreCommandTest.Result push = StoreCommandTest.run("store", "--store", store, "push", cid, "--to", "http://127.0.0.1:" + port);
        assertEquals(1, push.code());
        assertTrue(push.err().contains("is not in this store"), push.err());
        StoreCommandTest.Result badAuth = StoreCommandTest.run("store", "--store", store, "fetch", cid, "--from", "http://127.0.0.1:" + port,
                "--auth", "token:x");
        assertEquals(1, badAuth.code());
        assertTrue(badAuth.err().contains("basic:USER:PASSWORD or bearer:TOKEN"), badAuth.err());
    }
}
