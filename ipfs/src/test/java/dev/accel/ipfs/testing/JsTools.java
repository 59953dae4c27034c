package dev.accel.ipfs.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The independent JavaScript implementations the tests run against, from npm, pinned by
 * {@code src/test/js/package-lock.json}: js-ipfs ({@code ipfs} 0.66.1) and Helia's
 * {@code @helia/verified-fetch}. {@link #require()} installs them with {@code npm ci} when
 * {@code node_modules} is missing, and skips the calling test, saying why, only where {@code node} or
 * {@code npm} is not installed. An install that fails fails the test.
 */
public final class JsTools {
    public static final Path DIR = Path.of("src/test/js").toAbsolutePath();
    private static volatile boolean installed;

    private JsTools() {
    }

    /** Makes sure node, npm and the pinned packages are there (or skips the test when node/npm are absent). */
    public static synchronized void require() throws IOException, InterruptedException {
        Assumptions.assumeTrue(runs("node", "--version"), "node is not installed: the tests against js-ipfs and verified-fetch cannot run");
        Assumptions.assumeTrue(runs("npm", "--version"), "npm is not installed: the tests against js-ipfs and verified-fetch cannot run");
        if (installed) {
            return;
        }
        List<String> needed = List.of("ipfs-core", "ipfs-http-server", "@helia/verified-fetch", "@helia/http", "helia");
        if (!needed.stream().allMatch(p -> Files.isDirectory(DIR.resolve("node_modules").resolve(p)))) {
            // Not `npm ci`: js-ipfs's optional electron-webrtc pulls a GitHub tarball that this project's machines
            // cannot fetch, and npm ci refuses a lock file without it. `install --no-save` installs exactly the
            // locked versions, skips the unreachable optional package with a warning, and leaves the lock unchanged.
            Process npm = new ProcessBuilder("npm", "install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund")
                    .directory(DIR.toFile()).redirectErrorStream(true).start();
            npm.getOutputStream().close();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = npm.waitFor(15, TimeUnit.MINUTES);
            if (!done) {
                npm.destroyForcibly();
            }
            assertTrue(done && npm.exitValue() == 0, "npm install in " + DIR + " failed:\n" + out);
        }
        installed = true;
    }

    /** The environment option that loads the Promise.withResolvers polyfill js-ipfs needs on Node 20. */
    public static String nodeOptions() {
        return "--require " + DIR.resolve("polyfill.cjs");
    }

    static boolean runs(String... command) {
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
