package dev.accel.store.unixfs;

import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.testing.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-checks every import profile against an independent implementation: the JavaScript IPFS stack
 * (ipfs-unixfs-importer, pinned in {@code src/test/js/package-lock.json}) computes the CIDs of the same
 * files and folders. Installs its npm packages ({@code npm ci}) when they are missing; skips, saying why,
 * only where {@code node} or {@code npm} is not installed.
 */
class JsCrossCheckTest {
    private static final Path JS = Path.of("src/test/js").toAbsolutePath();
    private static final Pattern LINE = Pattern.compile("\\{\"path\":\"(.*)\",\"profile\":\"(.*)\",\"cid\":\"(.*)\"}");

    @Test
    void sameCidsAsJsIpfsUnixfsImporter(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(runs("node", "--version"), "node is not installed: the JS cross-check cannot run");
        Assumptions.assumeTrue(runs("npm", "--version"), "npm is not installed: the JS cross-check cannot run");
        if (!Files.isDirectory(JS.resolve("node_modules/ipfs-unixfs-importer"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(JS.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm ci failed:\n" + out);
        }

        int k = 1024;
        long[] sizes = {0, 1, 12, 256 * k - 1, 256 * k, 256 * k + 1, 1024 * k - 1, 1024 * k, 1024 * k + 1,
                174L * 256 * k - 1, 174L * 256 * k, 174L * 256 * k + 1, 3_500_000,
                1024L * 1024 * k + 1}; // the last one: past the 1024-link boundary of unixfs-v1-2025 (1 GiB + 1)
        List<Path> paths = new ArrayList<>();
        for (long size : sizes) {
            paths.add(TestData.write(tmp.resolve("f" + size), size + 11, size));
        }
        paths.add(TestData.write(tmp.resolve("multi-level-200MiB"), 200, 200L * 1024 * 1024));
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(dir.resolve("config.json"), "{\"a\": 1}");
        Files.writeString(dir.resolve("B-upper"), "b");
        Files.writeString(dir.resolve("é-accent"), "e");
        Files.createDirectories(dir.resolve("sub/empty"));
        TestData.write(dir.resolve("sub/weights.bin"), 77, 2 * 1024 * 1024 + 3);
        paths.add(dir);

        List<String> command = new ArrayList<>(List.of("node", JS.resolve("cids.mjs").toString()));
        paths.forEach(p -> command.add(p.toString()));
        Process node = new ProcessBuilder(command).directory(JS.toFile()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(5, TimeUnit.MINUTES) && node.exitValue() == 0, "node cids.mjs failed:\n" + out);

        Map<String, String> js = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                js.put(m.group(1) + " " + m.group(2), m.group(3));
            }
        }
        assertEquals(paths.size() * ImportProfile.values().length, js.size(), "one CID per file and profile:\n" + out);
        int checked = 0;
        for (Path p : paths) {
            for (ImportProfile profile : ImportProfile.values()) {
                String ours = new UnixFsImporter(profile, (cid, block) -> { }).importPath(p).cid().toString();
                assertEquals(js.get(p + " " + profile.profileName()), ours, p.getFileName() + " under " + profile);
                checked++;
            }
        }
        assertEquals(UnixFsTest.MULTI_LEVEL_200MIB_KUBO_LEGACY, js.get(tmp.resolve("multi-level-200MiB") + " kubo-legacy"));
        System.out.println("JS cross-check: " + checked + " CIDs identical to ipfs-unixfs-importer");
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
