package dev.accel.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads {@code libaccel_jmh_calls.so}, which the module's build compiles with gcc into the benchmarks jar
 * ({@code src/main/c/build.sh}), for JNI ({@link System#load}) and for {@code java.lang.foreign} downcalls, from
 * one copy extracted to a temporary file. Where the build could not compile it, loading fails with the reason
 * the build recorded.
 */
final class NativeCallLibrary {
    private static final String LIBRARY = "libaccel_jmh_calls.so";

    /** {@code int accel_noop(void)}. */
    final MethodHandle noop;
    /** {@code int64_t accel_sum(const int32_t *p, int64_t n)}. */
    final MethodHandle sum;
    /** {@code accel_sum} as a critical downcall that may be passed heap segments. */
    final MethodHandle sumCritical;

    @SuppressWarnings("restricted") // linking downcalls: the benchmark runs with --enable-native-access
    private NativeCallLibrary(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        noop = linker.downcallHandle(find(lookup, "accel_noop"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
        FunctionDescriptor sumDescriptor = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG);
        sum = linker.downcallHandle(find(lookup, "accel_sum"), sumDescriptor);
        sumCritical = linker.downcallHandle(find(lookup, "accel_sum"), sumDescriptor, Linker.Option.critical(true));
    }

    private static java.lang.foreign.MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException(LIBRARY + " has no symbol " + name));
    }

    /** Extracts the library from the class path, loads it for JNI and looks up the downcall targets. */
    @SuppressWarnings("restricted") // System.load and libraryLookup of the library the build made
    static NativeCallLibrary load() throws IOException {
        try (InputStream in = NativeCallLibrary.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException(LIBRARY + " is not in the benchmarks jar: " + whyMissing());
            }
            Path file = Files.createTempFile("accel_jmh_calls", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            return new NativeCallLibrary(SymbolLookup.libraryLookup(file, Arena.global()));
        }
    }

    private static String whyMissing() throws IOException {
        try (InputStream reason = NativeCallLibrary.class.getResourceAsStream("libaccel_jmh_calls.unavailable")) {
            if (reason != null) {
                return new String(reason.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        }
        return "the build did not run jmh/src/main/c/build.sh (build the module with Maven: scripts/bench.sh does)";
    }
}
