package dev.accel.store.local;

import dev.accel.store.cid.Cid;
import dev.accel.store.testing.TestData;
import dev.accel.store.unixfs.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyTest {
    @TempDir
    Path tmp;

    /** Sizes that span one to three 1 MiB chunks; files with even seeds share their first chunk's content. */
    static int sizeOf(long seed) {
        return (int) (100 + (seed * 611_953) % (3 << 20));
    }

    static void check(ModelStore store, Map<Long, Cid> imported) {
        imported.forEach((seed, cid) -> {
            assertTrue(store.firstMissing(cid).isEmpty(), "seed " + seed + " lost a block");
            var f = store.openFile(cid);
            assertArrayEquals(TestData.bytes(seed, sizeOf(seed)), f.read(0, (int) f.size()), "seed " + seed);
        });
    }

    @Test
    void threadsImportWhileAnotherInstanceCollectsGarbage() throws Exception {
        Path root = tmp.resolve("store");
        Map<Long, Cid> imported = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger gcs = new AtomicInteger();
        try (ModelStore importers = ModelStore.open(root); ModelStore collector = ModelStore.open(root)) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            Future<?> gc = pool.submit(() -> {
                while (!done.get()) {
                    // unpinned garbage written alongside, so every GC has something to remove
                    collector.add(TestData.stream(gcs.get() + 10_000, 5000), ImportProfile.DEFAULT, false, l -> {
                    });
                    collector.gc(l -> {
                    });
                    gcs.incrementAndGet();
                }
                return null;
            });
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                long base = 100L * t;
                jobs.add(pool.submit(() -> {
                    for (long s = base; s < base + 6; s++) {
                        imported.put(s, importers.add(TestData.stream(s, sizeOf(s)), ImportProfile.DEFAULT, true, l -> {
                        }).cid());
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get(2, TimeUnit.MINUTES);
            }
            done.set(true);
            gc.get(1, TimeUnit.MINUTES);
            pool.shutdown();
            assertTrue(gcs.get() > 0);
            importers.gc(l -> {
            });
            check(importers, imported);
            assertEquals(30, imported.size());
            assertTrue(importers.verify(false, l -> {
            }).ok());
        }
    }

    @Test
    void anotherProcessImportsWhileThisOneCollectsGarbage() throws Exception {
        Path root = tmp.resolve("store");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreWorker.class.getName(),
                root.toString(), "500", "12").redirectErrorStream(true).start();
        Map<Long, Cid> imported = new ConcurrentHashMap<>();
        List<String> other = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] parts = line.split(" ");
                    if (parts.length == 2 && parts[0].matches("\\d+")) {
                        imported.put(Long.parseLong(parts[0]), Cid.parse(parts[1]));
                    } else {
                        other.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                other.add(e.toString());
            }
        });
        int gcs = 0;
        try (ModelStore store = ModelStore.open(root)) {
            while (child.isAlive() || gcs == 0) {
                store.add(TestData.stream(gcs + 20_000, 3000), ImportProfile.DEFAULT, false, l -> {
                });
                store.gc(l -> {
                });
                gcs++;
            }
            assertEquals(0, child.waitFor(), String.join("\n", other));
            reader.join();
            assertEquals(12, imported.size(), String.join("\n", other));
            store.gc(l -> {
            });
            check(store, imported);
            assertTrue(store.verify(false, l -> {
            }).ok());
        }
    }
}
