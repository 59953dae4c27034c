package dev.accel.qnn;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test access to Accel's QNN stand-in library (src/test/c/qnn_stand_in.c): its control functions
 * (reset, API version, error injection, recorded values), and the environment and toy context
 * binaries that point the binding at it. The same file is loaded by the binding, so both share the
 * library's state.
 */
final class QnnStandIn {
    final Path library;
    private final MethodHandle reset;
    private final MethodHandle setApi;
    private final MethodHandle failNext;
    private final MethodHandle get;

    QnnStandIn() {
        library = QnnTestNatives.standIn();
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        Linker linker = Linker.nativeLinker();
        reset = linker.downcallHandle(lookup.findOrThrow("accel_stand_in_reset"), FunctionDescriptor.ofVoid());
        setApi = linker.downcallHandle(lookup.findOrThrow("accel_stand_in_set_api"), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        failNext = linker.downcallHandle(lookup.findOrThrow("accel_stand_in_fail_next"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        get = linker.downcallHandle(lookup.findOrThrow("accel_stand_in_get"), FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    }

    /** Clears the records and serves core API {@code 2.minor}. */
    void reset(int apiMinor) throws Throwable {
        setApi.invokeExact(apiMinor);
        reset.invokeExact();
    }

    void failNext(String function, long qnnError) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            failNext.invokeExact(arena.allocateFrom(function), qnnError);
        }
    }

    long get(String key) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            long value = (long) get.invokeExact(arena.allocateFrom(key));
            if (value == -1 && !key.equals("lastMemFd")) {
                throw new AssertionError("the stand-in records no '" + key + "'");
            }
            return value;
        }
    }

    /** Libraries found through an environment that names the stand-in as both backend and QnnSystem. */
    QnnLibraries libraries() {
        return new QnnLibraries(new QnnLocator(Map.of(
                QnnLocator.BACKEND_VARIABLE, library.toString(),
                QnnLocator.SYSTEM_VARIABLE, library.toString())::get));
    }

    /** A toy context binary: magic, graph name, n (inputs a, b: f32[1, n]; out = a * 2 + b). */
    static byte[] binary(String graph, int n) {
        byte[] name = graph.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + name.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("ACQNNSI1".getBytes(StandardCharsets.US_ASCII)).putInt(name.length).put(name).putInt(n);
        return b.array();
    }

    static Path write(Path dir, byte[] bytes) throws IOException {
        return Files.write(dir.resolve("model.serialized"), bytes);
    }
}
