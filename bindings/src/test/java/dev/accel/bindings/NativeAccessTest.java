package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeAccessTest {

    @Test
    void enabledForTheTestRun() {
        // surefire passes --enable-native-access=ALL-UNNAMED
        assertTrue(NativeAccess.isEnabled());
        assertTrue(NativeAccess.problem().isEmpty());
        NativeAccess.check();
    }

    @Test
    void namesTheModulesThatLackAccessAndTheFlag() {
        Optional<Module> found = ModuleLayer.boot().findModule("java.sql"); // a JDK module without native access
        assumeTrue(found.isPresent(), "java.sql is not in the boot layer");
        Module sql = found.get();
        assertFalse(sql.isNativeAccessEnabled());
        String message = NativeAccess.problem(sql, Object.class.getModule()).orElseThrow();
        assertEquals("native access is not enabled for java.sql; start the JVM with --enable-native-access=java.sql",
                message);
        AccelException e = assertThrows(AccelException.class, () -> NativeAccess.check(sql));
        assertEquals(ErrorCode.BACKEND_UNAVAILABLE, e.code());
        assertEquals(message, e.getMessage());
    }

    /** Child JVM entry point: probes libc without native access and prints the outcome. */
    public static void main(String[] args) {
        System.out.println("enabled=" + NativeAccess.isEnabled());
        LibraryProbe probe = LibrarySearch.forNames("libc.so.6").environment(Map.of()).probe();
        System.out.println(probe instanceof LibraryProbe.Unavailable u ? "unavailable: " + u.reason() : "loaded");
    }

    @Test
    void withoutTheFlagTheProbeReportsUnavailableAndTheJdkPrintsNoWarning() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                NativeAccessTest.class.getName()))
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("enabled=false"), output);
        assertTrue(output.contains("unavailable: libc.so.6 was not looked for: native access is not enabled"
                + " for ALL-UNNAMED; start the JVM with --enable-native-access=ALL-UNNAMED"), output);
        assertFalse(output.contains("WARNING"), output);
    }
}
