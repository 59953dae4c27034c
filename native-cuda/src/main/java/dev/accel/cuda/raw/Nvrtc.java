package dev.accel.cuda.raw;

import dev.accel.bindings.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static dev.accel.bindings.CTypes.C_INT;
import static dev.accel.bindings.CTypes.C_POINTER;
import static dev.accel.bindings.CTypes.C_SIZE_T;
import static dev.accel.cuda.raw.CuDriver.rethrow;
import static dev.accel.cuda.raw.NativeFunction.fn;

/**
 * Raw NVRTC ({@code libnvrtc.so.13} / {@code .12}), from {@code nvrtc.h}. Every method returns the
 * {@code nvrtcResult} number unchecked, except {@link #nvrtcGetErrorString}. NVRTC needs no driver and no GPU.
 */
public final class Nvrtc {
    private static FunctionDescriptor r(java.lang.foreign.MemoryLayout... args) {
        return FunctionDescriptor.of(C_INT, args);
    }

    /** Every function this binding links, with its descriptor. */
    public static final List<NativeFunction> FUNCTIONS = List.of(
            fn("nvrtcVersion", r(C_POINTER, C_POINTER)),
            fn("nvrtcCreateProgram", r(C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER)),
            fn("nvrtcCompileProgram", r(C_POINTER, C_INT, C_POINTER)),
            fn("nvrtcGetProgramLogSize", r(C_POINTER, C_POINTER)),
            fn("nvrtcGetProgramLog", r(C_POINTER, C_POINTER)),
            fn("nvrtcGetPTXSize", r(C_POINTER, C_POINTER)),
            fn("nvrtcGetPTX", r(C_POINTER, C_POINTER)),
            fn("nvrtcGetCUBINSize", r(C_POINTER, C_POINTER)),
            fn("nvrtcGetCUBIN", r(C_POINTER, C_POINTER)),
            fn("nvrtcDestroyProgram", r(C_POINTER)),
            fn("nvrtcGetErrorString", FunctionDescriptor.of(C_POINTER, C_INT)));

    /** {@code size_t} out-parameters are read with this layout. */
    public static final java.lang.foreign.ValueLayout SIZE_T = C_SIZE_T;

    private final NativeLibrary library;
    private final MethodHandle version, create, compile, logSize, log, ptxSize, ptx, cubinSize, cubin, destroy, errorString;

    /**
     * Links every function of {@link #FUNCTIONS}.
     *
     * @throws dev.accel.AccelException {@code BACKEND_UNAVAILABLE} naming the first missing symbol
     */
    public Nvrtc(NativeLibrary library) {
        this.library = library;
        version = link("nvrtcVersion");
        create = link("nvrtcCreateProgram");
        compile = link("nvrtcCompileProgram");
        logSize = link("nvrtcGetProgramLogSize");
        log = link("nvrtcGetProgramLog");
        ptxSize = link("nvrtcGetPTXSize");
        ptx = link("nvrtcGetPTX");
        cubinSize = link("nvrtcGetCUBINSize");
        cubin = link("nvrtcGetCUBIN");
        destroy = link("nvrtcDestroyProgram");
        errorString = link("nvrtcGetErrorString");
    }

    public NativeLibrary library() {
        return library;
    }

    private MethodHandle link(String symbol) {
        return library.downcall(symbol, CuDriver.descriptor(FUNCTIONS, symbol));
    }

    public int nvrtcVersion(MemorySegment major, MemorySegment minor) {
        try { return (int) version.invokeExact(major, minor); } catch (Throwable t) { throw rethrow(t); }
    }

    public int nvrtcCreateProgram(MemorySegment program, MemorySegment source, MemorySegment name, int numHeaders,
                                  MemorySegment headers, MemorySegment includeNames) {
        try {
            return (int) create.invokeExact(program, source, name, numHeaders, headers, includeNames);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int nvrtcCompileProgram(MemorySegment program, int numOptions, MemorySegment options) {
        try { return (int) compile.invokeExact(program, numOptions, options); } catch (Throwable t) { throw rethrow(t); }
    }

    public int nvrtcGetProgramLogSize(MemorySegment program, MemorySegment size) {
        try { return (int) logSize.invokeExact(program, size); } catch (Throwable t) { throw rethrow(t); }
    }

    public int nvrtcGetProgramLog(MemorySegment program, MemorySegment out) {
        try { return (int) log.invokeExact(program, out); } catch (Throwable t) { throw rethrow(t); }
    }

    public int nvrtcGetPTXSize(MemorySegment program, MemorySegment size) {
        try { return (int) ptxSize.invokeExact(program, size); } catch (Throwable t) { throw rethrow(t); }
    }

    public int nvrtcGetPTX(MemorySegment program, MemorySegment out) {
        try { return (int) ptx.invokeExact(program, out); } catch (Throwable t) { throw rethrow(t); }
    }

    public int nvrtcGetCUBINSize(MemorySegment program, MemorySegment size) {
        try { return (int) cubinSize.invokeExact(program, size); } catch (Throwable t) { throw rethrow(t); }
    }

    public int nvrtcGetCUBIN(MemorySegment program, MemorySegment out) {
        try { return (int) cubin.invokeExact(program, out); } catch (Throwable t) { throw rethrow(t); }
    }

    public int nvrtcDestroyProgram(MemorySegment programPointer) {
        try { return (int) destroy.invokeExact(programPointer); } catch (Throwable t) { throw rethrow(t); }
    }

    /** The library's text for {@code result}; a pointer to a static string (zero-length segment). */
    public MemorySegment nvrtcGetErrorString(int result) {
        try { return (MemorySegment) errorString.invokeExact(result); } catch (Throwable t) { throw rethrow(t); }
    }
}
