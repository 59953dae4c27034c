package dev.accel.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Asks the platform's dynamic loader why a library does not load. The JDK's
 * {@code SymbolLookup.libraryLookup} reports only "Cannot open library: name" and drops the
 * loader's message, which is the useful part (e.g. {@code libnvrtc-builtins.so.12.4: cannot open
 * shared object file}). On platforms with {@code dlopen}/{@code dlerror} (Linux, macOS) this repeats
 * the failed {@code dlopen} and reads {@code dlerror()}; elsewhere it has nothing to say.
 *
 * <p>Used only after a load failed, and only once native access was found enabled.
 */
final class LoaderDiagnostics {
    private static final int RTLD_LAZY = 1; // same value on glibc, musl and macOS

    private LoaderDiagnostics() {
    }

    /** The loader's message for {@code dlopen(nameOrPath)}, or empty if it loads now or the platform cannot tell. */
    static Optional<String> whyDlopenFails(String nameOrPath) {
        Optional<Functions> functions = Functions.INSTANCE;
        if (functions.isEmpty()) {
            return Optional.empty();
        }
        Functions f = functions.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) f.dlopen.invokeExact(arena.allocateFrom(nameOrPath), RTLD_LAZY);
            if (!handle.equals(MemorySegment.NULL)) {
                int ignored = (int) f.dlclose.invokeExact(handle);
                return Optional.empty();
            }
            MemorySegment message = (MemorySegment) f.dlerror.invokeExact();
            if (message.equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            return Optional.of(message.reinterpret(Long.MAX_VALUE).getString(0));
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    /** The three loader functions, linked on first use; empty where the platform lacks them. */
    private record Functions(MethodHandle dlopen, MethodHandle dlerror, MethodHandle dlclose) {
        static final Optional<Functions> INSTANCE = link();

        private static Optional<Functions> link() {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup lookup = linker.defaultLookup();
                Optional<MemorySegment> open = lookup.find("dlopen");
                Optional<MemorySegment> error = lookup.find("dlerror");
                Optional<MemorySegment> close = lookup.find("dlclose");
                if (open.isEmpty() || error.isEmpty() || close.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Functions(
                        linker.downcallHandle(open.get(),
                                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)),
                        linker.downcallHandle(error.get(), FunctionDescriptor.of(ValueLayout.ADDRESS)),
                        linker.downcallHandle(close.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
