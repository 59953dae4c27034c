package dev.accel.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsSubcommands() {
        Result r = run("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("devices") && r.out().contains("demo"), r.out());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : new String[] {"devices", "demo", "run", "embed"}) {
            Result r = run(sub, "--help");
            assertEquals(0, r.code(), sub + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: accel " + sub), r.out());
        }
    }

    @Test
    void unknownOptionIsAClearErrorWithNonZeroExit() {
        Result r = run("devices", "--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
        Result s = run("no-such-command");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("no-such-command"), s.err());
    }

    @Test
    void devicesShowsCpuAvailableAndOthersWithReasons() {
        Result r = run("devices");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("cpu\\s+available\\s.*")), r.out());
        assertTrue(r.out().contains("cpu:0"), r.out());
        // Every backend Accel knows of is listed: available, or unavailable with the reason (here: the vendor library
        // that was not found, never a bare "unavailable").
        for (String name : dev.accel.backend.Backends.KNOWN) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches(name + "\\s+available(\\s.*)?")
                    || l.matches(name + "\\s+unavailable\\s+\\S.{20,}")), name + " is not listed with a state and reason:\n" + r.out());
        }
    }

    @Test
    void devicesJsonIsParseableShape() {
        Result r = run("devices", "--json");
        assertEquals(0, r.code(), r.err());
        String json = r.out().trim();
        assertTrue(json.startsWith("[{") && json.endsWith("}]"), json);
        assertTrue(json.contains("\"backend\": \"cpu\", \"available\": true"), json);
    }

    @Test
    void demoRunsAndMatchesReference() {
        Result r = run("demo", "ops", "--device", "cpu", "--seq", "33", "--dim", "40", "--iterations", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("-> OK"), r.out());
        assertTrue(r.out().contains("sha256(f32 bytes)"), r.out());
    }

    @Test
    void demoRejectsBadSizes() {
        Result r = run("demo", "ops", "--seq", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--seq"), r.err());
    }

    @Test
    void unknownDeviceIsAClearError() {
        Result r = run("demo", "ops", "--device", "tpu", "--seq", "4", "--dim", "4", "--iterations", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no backend 'tpu'"), r.err());
    }
}
