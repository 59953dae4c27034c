package dev.accel.openvino.standin;

import dev.accel.bindings.LibrarySearch;
import dev.accel.bindings.NativeLibrary;
import dev.accel.openvino.core.OvLibrary;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Accel's OpenVINO <b>stand-in</b> ({@code src/test/c/openvino_stand_in.c}): a test double that implements
 * the subset of OpenVINO's C API the binding uses, built here with gcc into
 * {@code target/stand-in/libopenvino_c.so}. It is not OpenVINO: it proves what the Java side passes
 * (pointers, sizes, lifetimes), not what OpenVINO does. Tests that need it skip, with the reason, when
 * gcc is missing or the build fails.
 *
 * <p>One library per JVM, never unloaded; its counters are process-wide, so tests {@link #reset()} first
 * and must not run in parallel with each other.
 */
public final class StandIn {
    /** Bytes the stand-in accepts as a model: input "x" f32[?,3], output "y" = 2x + 1. */
    public static final String MODEL_MAGIC = "ACCEL-STAND-IN-MODEL";

    private static final Path SOURCES = Path.of("src", "test", "c");
    private static final Path OUTPUT = Path.of("target", "stand-in");

    private static StandIn instance;
    private static String skipReason;

    private final Path path;
    private final NativeLibrary control;
    private final OvLibrary library;
    private final MethodHandle created, freed, value, text, failNext, reset, holdAsync;

    private StandIn(Path path) {
        this.path = path;
        this.control = LibrarySearch.forNames("libopenvino_c.so").describedAs("OpenVINO stand-in")
                .overrideVariable("ACCEL_TEST_STAND_IN").environment(Map.of("ACCEL_TEST_STAND_IN", path.toString()))
                .probe().orElseThrow();
        this.library = OvLibrary.load(control);
        this.created = control.downcall("accel_standin_created", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        this.freed = control.downcall("accel_standin_freed", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        this.value = control.downcall("accel_standin_value", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        this.text = control.downcall("accel_standin_text", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        this.failNext = control.downcall("accel_standin_fail_next",
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        this.reset = control.downcall("accel_standin_reset", FunctionDescriptor.ofVoid());
        this.holdAsync = control.downcall("accel_standin_hold_async", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
    }

    /** The stand-in, built on first use; skips the calling test (JUnit assumption) when it cannot be built. */
    public static synchronized StandIn get() {
        if (instance == null && skipReason == null) {
            try {
                instance = new StandIn(build("openvino_stand_in.c", "libopenvino_c.so", true));
            } catch (SkipException e) {
                skipReason = e.getMessage();
            }
        }
        Assumptions.assumeTrue(instance != null, () -> "OpenVINO stand-in not available: " + skipReason);
        return instance;
    }

    /**
     * Compiles {@code source} (under {@code src/test/c}) with gcc into {@code target/stand-in/output}: a
     * shared library when {@code shared}, else an executable.
     */
    public static Path build(String source, String output, boolean shared) {
        Path out = OUTPUT.resolve(output).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c11", "-Wall", "-O1", "-I", SOURCES.toString()));
        if (shared) {
            command.addAll(List.of("-shared", "-fPIC", "-pthread"));
        }
        command.addAll(List.of("-o", out.toString(), SOURCES.resolve(source).toString()));
        try {
            Files.createDirectories(OUTPUT);
            Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(120, TimeUnit.SECONDS)) {
                gcc.destroyForcibly();
                throw new SkipException("gcc took over 120 s: " + String.join(" ", command));
            }
            if (gcc.exitValue() != 0) {
                throw new SkipException("gcc failed (" + gcc.exitValue() + "): " + String.join(" ", command) + "\n" + log);
            }
            return out;
        } catch (IOException e) {
            throw new SkipException("gcc could not be run (" + e.getMessage() + "); install gcc (Debian: apt-get install gcc)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkipException("interrupted while running gcc");
        }
    }

    /** Why a stand-in build is skipped. */
    public static final class SkipException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SkipException(String message) {
            super(message);
        }
    }

    /** The built library file. */
    public Path path() {
        return path;
    }

    /** The stand-in bound as an OpenVINO C library. */
    public OvLibrary library() {
        return library;
    }

    /** Zeroes the counters and records, clears the last error and any pending failure. */
    public void reset() {
        try {
            reset.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** How many objects of {@code kind} (core, model, compiled_model, infer_request, tensor, port, string, shape, partial_shape, devices, version) were created. */
    public long created(String kind) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) created.invokeExact(arena.allocateFrom(kind));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** How many objects of {@code kind} were freed. */
    public long freed(String kind) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) freed.invokeExact(arena.allocateFrom(kind));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The last value recorded under {@code key} (model_str, model_len, weights, host_ptr, set_input, set_output...), or -1. */
    public long value(String key) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) value.invokeExact(arena.allocateFrom(key));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The last text recorded under {@code key} (device, properties, host_ptr's dims). */
    public String text(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(512);
            text.invokeExact(arena.allocateFrom(key), out, 512L);
            return out.getString(0);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Makes the next call of {@code function} return {@code status} with {@code message} as the last error. */
    public void failNext(String function, int status, String message) {
        try (Arena arena = Arena.ofConfined()) {
            failNext.invokeExact(arena.allocateFrom(function), status, arena.allocateFrom(message));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** While held, asynchronous inferences wait before computing. */
    public void holdAsync(boolean hold) {
        try {
            holdAsync.invokeExact(hold ? 1 : 0);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Asserts that every kind of object created since {@link #reset()} was freed exactly once. */
    public void assertBalanced() {
        for (String kind : List.of("core", "model", "compiled_model", "infer_request", "tensor", "port", "string", "shape",
                "partial_shape", "devices", "version")) {
            long c = created(kind);
            long f = freed(kind);
            if (c != f) {
                throw new AssertionError(kind + ": created " + c + ", freed " + f);
            }
        }
    }
}
