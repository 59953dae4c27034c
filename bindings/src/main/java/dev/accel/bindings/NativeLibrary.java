package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded native library: its symbols, where it came from, and the shared {@link Arena} that keeps
 * it loaded. Obtained from {@link LibrarySearch#probe()}.
 *
 * <p>Closing it unloads the library (the loader's reference count drops); every method handle
 * linked through {@link #downcall} then throws {@link IllegalStateException} when invoked instead
 * of jumping into unmapped code. Close it only when no call into the library is in flight on any
 * thread: {@link #close()} throws {@link IllegalStateException} if one is. Backends usually keep
 * their libraries open for the life of the process.
 *
 * <p>Thread-safe. Linking a function is not free: link each one once and keep the handle.
 */
public final class NativeLibrary implements AutoCloseable {

    /** How a library was found. */
    public enum Source {
        /** An environment variable named the exact file. */
        ENVIRONMENT_OVERRIDE,
        /** Found as a file in one of the search directories. */
        SEARCH_DIRECTORY,
        /** Loaded by the system's dynamic loader from its plain name ({@code dlopen("libcuda.so.1")}). */
        SYSTEM_LOADER
    }

    private final String description;
    private final String origin;
    private final Source source;
    private final SymbolLookup symbols;
    private final Arena arena;

    NativeLibrary(String description, String origin, Source source, SymbolLookup symbols, Arena arena) {
        this.description = description;
        this.origin = origin;
        this.source = source;
        this.symbols = symbols;
        this.arena = arena;
    }

    /** What the library is, as given to the search, e.g. {@code "CUDA driver"}. */
    public String description() {
        return description;
    }

    /** The file path it was loaded from, or the plain name given to the system loader. */
    public String origin() {
        return origin;
    }

    /** How it was found. */
    public Source source() {
        return source;
    }

    /** Whether it is still loaded (not {@linkplain #close() closed}). */
    public boolean isOpen() {
        return arena.scope().isAlive();
    }

    /**
     * The address of an exported symbol, as a zero-length segment valid while this library is open.
     *
     * @throws IllegalStateException if the library was closed
     */
    public Optional<MemorySegment> findSymbol(String symbol) {
        Objects.requireNonNull(symbol, "symbol");
        ensureOpen();
        return symbols.find(symbol);
    }

    /**
     * The address of an exported symbol that the binding needs.
     *
     * @throws AccelException        with {@link ErrorCode#BACKEND_UNAVAILABLE} naming the symbol and
     *                               the library when the library does not export it (the installed
     *                               version is older than, or not, the one the binding expects)
     * @throws IllegalStateException if the library was closed
     */
    public MemorySegment symbol(String symbol) {
        return findSymbol(symbol).orElseThrow(() -> new AccelException(ErrorCode.BACKEND_UNAVAILABLE,
                "symbol '" + symbol + "' not found in " + this
                        + "; the installed library is not the version this binding needs"));
    }

    /**
     * Links a function of this library. The descriptor must match the C prototype exactly; that is
     * the caller's responsibility and cannot be checked (see the package documentation).
     *
     * @param symbol     the exported function's name
     * @param descriptor its C signature
     * @param options    linker options, e.g. {@link Linker.Option#critical(boolean)}
     * @return a handle whose type is {@code descriptor.toMethodType()}, valid while this library is open
     * @throws AccelException        with {@link ErrorCode#BACKEND_UNAVAILABLE} when the symbol is missing
     * @throws IllegalStateException if the library was closed
     */
    public MethodHandle downcall(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        Objects.requireNonNull(descriptor, "descriptor");
        return Linker.nativeLinker().downcallHandle(symbol(symbol), descriptor, options);
    }

    /**
     * Links a function that only some versions of the library export (e.g. a CUDA 13 addition).
     *
     * @return the handle, or empty when the library does not export {@code symbol}
     * @throws IllegalStateException if the library was closed
     */
    public Optional<MethodHandle> optionalDowncall(String symbol, FunctionDescriptor descriptor,
                                                   Linker.Option... options) {
        Objects.requireNonNull(descriptor, "descriptor");
        return findSymbol(symbol).map(address -> Linker.nativeLinker().downcallHandle(address, descriptor, options));
    }

    /**
     * Unloads the library. Idempotent.
     *
     * @throws IllegalStateException if a call into the library is in flight on another thread
     */
    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return description + " (" + origin + ")";
    }

    private void ensureOpen() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException(this + " was closed");
        }
    }
}
