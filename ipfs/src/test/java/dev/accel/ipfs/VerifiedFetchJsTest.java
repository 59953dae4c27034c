package dev.accel.ipfs;

import dev.accel.ipfs.gateway.GatewayServer;
import dev.accel.ipfs.testing.JsTools;
import dev.accel.ipfs.testing.TestFiles;
import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our trustless gateway served to an independent client: Helia's {@code @helia/verified-fetch} 8.0.4 (with
 * {@code helia} 7.1.15 and {@code @helia/http} 4.0.7, from npm), configured with our server as its only
 * gateway, fetches files and checks every block itself; the bytes must be the file's.
 */
class VerifiedFetchJsTest {
    @Test
    void heliaVerifiedFetchGetsFilesFromAccelServe(@TempDir Path tmp) throws Exception {
        JsTools.require();
        Path model = TestFiles.modelDir(tmp.resolve("model"));
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        try (ModelStore store = ModelStore.open(tmp.resolve("store"));
             GatewayServer server = GatewayServer.start(store, "127.0.0.1", 0, log::add)) {
            for (ImportProfile profile : List.of(ImportProfile.UNIXFS_V1_2025, ImportProfile.KUBO_LEGACY)) {
                Cid dir = store.add(model, profile, true, n -> { }).cid();
                for (String name : List.of("model.onnx", "config.json")) {
                    Cid file = store.resolve(dir, name);
                    byte[] expected = Files.readAllBytes(model.resolve(name));
                    String out = verifiedFetch(server, file);
                    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected));
                    assertTrue(out.contains("\"status\":200") && out.contains("\"length\":" + expected.length)
                            && out.contains("\"sha256\":\"" + sha + "\""), profile + " " + name + ": " + out + "\nserver log: " + log);
                }
            }
            assertTrue(log.stream().anyMatch(l -> l.startsWith("GET /ipfs/")), "verified-fetch asked our gateway: " + log);
            System.out.println("@helia/verified-fetch fetched 4 files from accel serve, " + log.size() + " gateway requests");
        }
    }

    private static String verifiedFetch(GatewayServer server, Cid cid) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", JsTools.DIR.resolve("verified-fetch.mjs").toString(), server.url().toString(),
                cid.toString()).directory(JsTools.DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("NODE_OPTIONS", JsTools.nodeOptions());
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "verified-fetch did not finish: " + out);
            return out;
        } finally {
            p.destroyForcibly();
        }
    }
}
