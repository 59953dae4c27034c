package dev.accel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreCommandTest {
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

    String store() {
        return tmp.resolve("store").toString();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String cidOf(Result r) {
        Matcher m = Pattern.compile("added (\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out() + r.err());
        return m.group(1);
    }

    @Test
    void everyStoreAndModelsSubcommandHasHelp() {
        for (String sub : new String[] {"add", "cat", "get", "ls", "pin", "unpin", "gc", "verify", "stat", "export-car", "import-car"}) {
            Result r = run("store", sub, "--help");
            assertEquals(0, r.code(), sub + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: accel store " + sub), r.out());
            assertTrue(r.out().contains("--store"), sub + " inherits --store: " + r.out());
        }
        for (String sub : new String[] {"add", "list", "info", "rm"}) {
            Result r = run("models", sub, "--help");
            assertEquals(0, r.code(), sub + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: accel models " + sub), r.out());
        }
        assertTrue(run("--help").out().contains("store"));
    }

    @Test
    void addCatGetLsStatAndKnownCid() throws IOException {
        Path file = Files.writeString(tmp.resolve("hello.txt"), "hello world\n");
        Result add = run("store", "add", "--store", store(), "--profile", "kubo-legacy", file.toString());
        assertEquals(0, add.code(), add.err());
        assertEquals("added QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o hello.txt", add.out().strip());

        // --store before the subcommand works too
        Result json = run("store", "--store", store(), "add", "--json", file.toString());
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"profile\": \"unixfs-v1-2025\"") && json.out().contains("\"pinned\": true"), json.out());

        Path out = tmp.resolve("out.txt");
        Result cat = run("store", "cat", "--store", store(), "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", "-o", out.toString());
        assertEquals(0, cat.code(), cat.err());
        assertEquals("hello world\n", Files.readString(out));

        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertEquals(0, run("store", "cat", "--store", store(), "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").code());
        } finally {
            System.setOut(old);
        }
        assertEquals("hello world\n", captured.toString());

        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.write(dir.resolve("a.bin"), random(3 << 20, 1));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b.txt"), "bee");
        String root = cidOf(run("store", "add", "--store", store(), dir.toString()));
        Result ls = run("store", "ls", "--store", store(), root);
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains(" 3145728 a.bin") && ls.out().contains("sub/"), ls.out());
        Result lsSub = run("store", "ls", "--store", store(), "--json", root + "/sub");
        assertTrue(lsSub.out().contains("\"name\": \"b.txt\"") && lsSub.out().contains("\"size\": 3"), lsSub.out());

        Result get = run("store", "get", "--store", store(), root, "-o", tmp.resolve("back").toString());
        assertEquals(0, get.code(), get.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.bin")), Files.readAllBytes(tmp.resolve("back/a.bin")));
        assertEquals("bee", Files.readString(tmp.resolve("back/sub/b.txt")));

        Result stat = run("store", "stat", "--store", store(), "--json");
        assertEquals(0, stat.code(), stat.err());
        assertTrue(stat.out().contains("\"pins\": 3") && stat.out().contains("\"dedupSavedBytes\": "), stat.out());
    }

    @Test
    void clearErrorsForBadCidUnknownCidAndMissingPath() {
        Result bad = run("store", "cat", "--store", store(), "not-a-cid");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'not-a-cid' is not a CID") && bad.err().contains("A CID looks like"), bad.err());

        Result unknown = run("store", "cat", "--store", store(), "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("is not in this store") && unknown.err().contains("accel store import-car"), unknown.err());

        Result missing = run("store", "add", "--store", store(), tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file or folder"), missing.err());

        Result profile = run("store", "add", "--store", store(), "--profile", "fast", tmp.toString());
        assertEquals(2, profile.code());
        assertTrue(profile.err().contains("fast"), profile.err());
    }

    @Test
    void corruptedBlockMakesCatAndVerifyFailNamingIt() throws IOException {
        Path file = Files.write(tmp.resolve("w.bin"), random(1 << 20 | 7, 2));
        String root = cidOf(run("store", "add", "--store", store(), file.toString()));
        Path blocks = tmp.resolve("store/blocks");
        Path victim;
        try (var walk = Files.walk(blocks)) {
            victim = walk.filter(Files::isRegularFile).filter(p -> p.toFile().length() == 1 << 20).findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(victim.toFile(), "rw")) {
            raf.seek(100);
            raf.write(0x5A ^ raf.read());
        }
        Result cat = run("store", "cat", "--store", store(), root, "-o", tmp.resolve("x").toString());
        assertEquals(1, cat.code());
        assertTrue(cat.err().contains(victim.toString()) && cat.err().contains("INTEGRITY"), cat.err());

        Result verify = run("store", "verify", "--store", store());
        assertEquals(1, verify.code());
        assertTrue(verify.out().contains("BAD_BLOCK") && verify.out().contains(victim.toString()), verify.out());
        Result json = run("store", "verify", "--store", store(), "--json", "--repair");
        assertTrue(json.out().contains("\"ok\": false") && json.out().contains("\"repaired\": true"), json.out());
        assertFalse(Files.exists(victim));
        // re-adding restores it
        assertEquals(0, run("store", "add", "--store", store(), file.toString()).code());
        assertEquals(0, run("store", "verify", "--store", store()).code());
    }

    @Test
    void pinUnpinGcAndCarRoundTrip() throws IOException {
        Path a = Files.write(tmp.resolve("a.bin"), random(100_000, 3));
        Path b = Files.write(tmp.resolve("b.bin"), random(100_000, 4));
        String ca = cidOf(run("store", "add", "--store", store(), a.toString()));
        String cb = cidOf(run("store", "add", "--store", store(), "--no-pin", b.toString()));
        Result pins = run("store", "pin", "--store", store());
        assertTrue(pins.out().contains(ca + " recursive") && !pins.out().contains(cb), pins.out());

        Path car = tmp.resolve("a.car");
        Result export = run("store", "export-car", "--store", store(), ca, "-o", car.toString());
        assertEquals(0, export.code(), export.err());

        Result gc = run("store", "gc", "--store", store(), "--json");
        assertEquals(0, gc.code(), gc.err());
        assertTrue(gc.out().contains("\"blocksFreed\": 1"), gc.out());
        assertEquals(1, run("store", "cat", "--store", store(), cb, "-o", tmp.resolve("gone").toString()).code());

        Result unpin = run("store", "unpin", "--store", store(), ca);
        assertEquals(0, unpin.code(), unpin.err());
        assertEquals(1, run("store", "unpin", "--store", store(), ca).code());
        assertTrue(run("store", "gc", "--store", store()).out().startsWith("removed 1 blocks"));

        Result imp = run("store", "import-car", "--store", store(), car.toString());
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("root " + ca + " pinned recursive"), imp.out());
        Path back = tmp.resolve("a.back");
        assertEquals(0, run("store", "cat", "--store", store(), ca, "-o", back.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(back));

        Result direct = run("store", "pin", "--store", store(), "--direct", ca);
        assertTrue(direct.out().contains("pinned " + ca + " recursive"), direct.out());

        Path junk = Files.write(tmp.resolve("junk.car"), new byte[] {1, 2, 3});
        Result bad = run("store", "import-car", "--store", store(), junk.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("MALFORMED_INPUT"), bad.err());
        assertEquals(0, run("store", "verify", "--store", store()).code(), "bad input lost nothing");
    }

    @Test
    void modelsAddListInfoRm() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("m"));
        Files.write(model.resolve("model.onnx"), random(5000, 5));
        Files.writeString(model.resolve("config.json"), "{}");
        Result add = run("models", "add", "--store", store(), "org/tiny", model.toString());
        assertEquals(0, add.code(), add.err());
        assertTrue(add.out().startsWith("added model org/tiny bafy") && add.out().contains("onnx"), add.out());
        Result again = run("models", "add", "--store", store(), "org/tiny", model.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists") && again.err().contains("--replace"), again.err());
        assertEquals(0, run("models", "--store", store(), "add", "--replace", "--format", "custom", "org/tiny", model.toString()).code());

        Result list = run("models", "list", "--store", store());
        assertTrue(list.out().startsWith("org/tiny") && list.out().contains("custom"), list.out());
        Result info = run("models", "info", "--store", store(), "--json", "org/tiny");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("\"manifest\": {\"format\": \"custom\", \"size\": 5002") && info.out().contains("\"profile\": \"unixfs-v1-2025\""),
                info.out());
        Result text = run("models", "info", "--store", store(), "org/tiny");
        assertTrue(text.out().contains("root:") && text.out().contains("created:"), text.out());

        assertEquals(0, run("store", "gc", "--store", store()).code());
        assertTrue(run("store", "stat", "--store", store(), "--json").out().contains("\"blocks\": 3"), "named model kept");
        Result rm = run("models", "rm", "--store", store(), "org/tiny");
        assertEquals(0, rm.code(), rm.err());
        assertEquals(1, run("models", "info", "--store", store(), "org/tiny").code());
        assertEquals(1, run("models", "rm", "--store", store(), "org/tiny").code());
        assertEquals(1, run("models", "add", "--store", store(), "../x", model.toString()).code());
        run("store", "gc", "--store", store());
        assertTrue(run("store", "stat", "--store", store(), "--json").out().contains("\"blocks\": 0"));
    }

    @Test
    void progressIsSilentAtFirstThenPlainLinesOrABar() {
        long[] now = {0};
        StringWriter sw = new StringWriter();
        StoreProgress plain = new StoreProgress(new PrintWriter(sw), false, "adding x", 100 << 20, () -> now[0]);
        plain.accept(1 << 20);
        assertEquals("", sw.toString());
        now[0] = 2_000_000_000L;
        plain.accept(49 << 20);
        assertEquals("adding x  50% 50.0 MiB / 100.0 MiB, 25.0 MiB/s, ETA 0m02s\n", sw.toString());
        plain.done();
        assertTrue(sw.toString().endsWith(" done\n"));

        StringWriter tw = new StringWriter();
        now[0] = 0;
        StoreProgress bar = new StoreProgress(new PrintWriter(tw), true, "x", 100, () -> now[0]);
        now[0] = 1_500_000_000L;
        bar.accept(50);
        assertTrue(tw.toString().startsWith("\rx [###############...............]  50%"), tw.toString());
    }
}
