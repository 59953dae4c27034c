package dev.accel.cli.reliability;

import dev.accel.store.cid.Cid;
import dev.accel.store.local.ModelStore;
import dev.accel.store.local.StoreStats;
import dev.accel.store.local.VerifyReport;
import dev.accel.store.unixfs.UnixFsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety: a child JVM runs {@code accel store add / pin / import-car / gc} in a loop on one store
 * ({@link CrashWorker}) and is killed with SIGKILL ({@link Process#destroyForcibly()} on Linux) at a random
 * moment. After each kill, in this JVM: {@code verify} finds no bad block or file; every pin the CLI
 * acknowledged before the kill is in the pin set with all its blocks, and its file reads back byte for byte;
 * after a GC no block is left that nothing reaches and the staging folder is empty (the interrupted command
 * either finished or left nothing behind). Kills: {@code -Dreliability.kills=N} (default 8; the full run
 * uses 200).
 */
class CrashSafetyTest {
    private static final int KILLS = Integer.getInteger("reliability.kills", 8);
    private static final Pattern OP = Pattern.compile("OP (\\S+) (\\S+)");
    private static final Pattern ADDED = Pattern.compile("added (\\S+) (f-(\\d+)-(\\d+)\\.bin)");
    private static final Pattern PINNED = Pattern.compile("pinned (\\S+) recursive");
    private static final Pattern ROOT = Pattern.compile("root (\\S+) pinned recursive");

    @TempDir
    Path tmp;

    /** The JVM options the child needs: this JVM's module and native-access flags. */
    static List<String> childCommand(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String configured = System.getProperty("accel.test.jvmArgs");
        if (configured != null && !configured.isBlank()) {
            cmd.addAll(List.of(configured.trim().split("\\s+")));
        } else {
            String[] own = ProcessHandle.current().info().arguments().orElse(new String[0]);
            for (int i = 0; i < own.length; i++) {
                String a = own[i];
                if (a.startsWith("--add-modules") || a.startsWith("--enable-native-access") || a.startsWith("-Xss")) {
                    cmd.add(a);
                    if (!a.contains("=") && !a.startsWith("-Xss") && i + 1 < own.length) {
                        cmd.add(own[++i]);
                    }
                }
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    record Expected(long seed, int size) {
    }

    @Test
    void killedStoreCommandsLoseNothingAcknowledged() throws Exception {
        Path store = tmp.resolve("store");
        Random random = new Random(Long.getLong("reliability.seed", 42));
        Map<Cid, Expected> acked = new LinkedHashMap<>();
        Map<String, Integer> killedDuring = new TreeMap<>();
        long commandsCompleted = 0;
        long acknowledged = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Path work = tmp.resolve("work-" + kill);
            int ackedBefore = acked.size();
            Process child = new ProcessBuilder(childCommand(CrashWorker.class.getName(), store.toString(), work.toString(),
                    Long.toString(1000L + kill))).redirectError(tmp.resolve("child-" + kill + ".err").toFile()).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (java.io.IOException ignored) {
                    // the child was killed
                }
            });
            // wait until the child's JVM is up, then kill it at a random moment of its command loop
            for (int i = 0; i < 3000 && lines.isEmpty() && child.isAlive(); i++) {
                Thread.sleep(10);
            }
            assertEquals(List.of("READY"), lines.isEmpty() ? List.of("(child died: " + Files.readString(tmp.resolve("child-" + kill + ".err")) + ")") : lines.subList(0, 1));
            Thread.sleep(random.nextInt(2500));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join();

            // what the child had acknowledged
            String op = "none";
            String opName = "";
            Map<String, Cid> addedByName = new LinkedHashMap<>();
            for (String l : lines) {
                Matcher m;
                if ((m = OP.matcher(l)).matches()) {
                    if (!op.equals("none")) {
                        commandsCompleted++;
                    }
                    op = m.group(1);
                    opName = m.group(2);
                } else if ((m = ADDED.matcher(l)).matches()) {
                    Cid cid = Cid.parse(m.group(1));
                    addedByName.put(m.group(2), cid);
                    if (op.equals("add")) {
                        acked.put(cid, new Expected(Long.parseLong(m.group(3)), Integer.parseInt(m.group(4))));
                    }
                } else if ((m = PINNED.matcher(l)).matches() && op.equals("pin")) {
                    Cid cid = Cid.parse(m.group(1));
                    assertEquals(addedByName.get(opName), cid);
                    String[] parts = opName.split("[-.]");
                    acked.put(cid, new Expected(Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
                } else if ((m = ROOT.matcher(l)).matches() && op.equals("import-car")) {
                    String[] parts = opName.split("[-.]");
                    acked.put(Cid.parse(m.group(1)), new Expected(Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
                }
            }
            killedDuring.merge(op, 1, Integer::sum);
            acknowledged += acked.size() - ackedBefore;
            String childErr = Files.readString(tmp.resolve("child-" + kill + ".err"));
            assertTrue(!childErr.contains("accel: "), "a store command failed before the kill: " + childErr);

            try (ModelStore s = ModelStore.open(store)) {
                VerifyReport v = s.verify(false, n -> { });
                assertTrue(v.ok(), () -> "after kill " + " during " + lines.getLast() + ": " + v.problems());
                Map<Cid, ?> pins = s.pins().list();
                for (Map.Entry<Cid, Expected> e : acked.entrySet()) {
                    Cid cid = e.getKey();
                    assertTrue(pins.containsKey(cid), "acknowledged pin " + cid + " was lost");
                    assertTrue(s.firstMissing(cid).isEmpty(), "acknowledged pin " + cid + " lost block " + s.firstMissing(cid));
                }
                // read back the newest acknowledged files byte for byte (all of them would grow quadratically)
                List<Map.Entry<Cid, Expected>> recent = new ArrayList<>(acked.entrySet());
                for (Map.Entry<Cid, Expected> e : recent.subList(Math.max(0, recent.size() - 4), recent.size())) {
                    UnixFsFile f = s.openFile(e.getKey());
                    assertArrayEquals(CrashWorker.content(e.getValue().seed(), e.getValue().size()), f.read(0, (int) f.size()));
                }
                // keep the store small: release all but the newest pins, then GC
                for (Map.Entry<Cid, Expected> e : recent.subList(0, Math.max(0, recent.size() - 3))) {
                    s.unpin(e.getKey());
                    acked.remove(e.getKey());
                }
                s.gc(n -> { });
                StoreStats st = s.stat();
                assertEquals(st.reachableBlocks(), st.blocks(), "blocks nothing reaches survived a GC after the kill");
                assertEquals(0, st.missingBlocks());
                try (Stream<Path> t = Files.list(store.resolve("tmp"))) {
                    assertEquals(List.of(), t.toList(), "staging leftovers after GC");
                }
                assertTrue(s.verify(false, n -> { }).ok());
            }
        }
        System.out.printf("crash safety: %d kills, %d store commands completed before the kills, %d pins acknowledged, killed during %s;"
                + " nothing lost%n", KILLS, commandsCompleted, acknowledged, killedDuring);
    }
}
