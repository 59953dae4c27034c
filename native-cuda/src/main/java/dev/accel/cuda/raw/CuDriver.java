package dev.accel.cuda.raw;

import dev.accel.bindings.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

import static dev.accel.bindings.CTypes.C_CHAR;
import static dev.accel.bindings.CTypes.C_FLOAT;
import static dev.accel.bindings.CTypes.C_INT;
import static dev.accel.bindings.CTypes.C_LONG_LONG;
import static dev.accel.bindings.CTypes.C_POINTER;
import static dev.accel.bindings.CTypes.C_SIZE_T;
import static dev.accel.cuda.raw.NativeFunction.fn;
import static dev.accel.cuda.raw.NativeFunction.optional;

/**
 * Raw CUDA driver API ({@code libcuda.so.1}), from {@code cuda.h} of CUDA 13.0. Every method returns the
 * {@code CUresult} number unchecked. {@code CUdeviceptr} is {@code unsigned long long} (a Java {@code long});
 * {@code CUdevice} is an {@code int}.
 */
public final class CuDriver {
    /** {@code CUresult}: a C enum, passed and returned as {@code int}. */
    private static final java.lang.foreign.ValueLayout CURESULT = C_INT;
    /** {@code CUdeviceptr} = {@code CUdeviceptr_v2} = {@code unsigned long long}. */
    public static final java.lang.foreign.ValueLayout CU_DEVICEPTR = C_LONG_LONG;

    private static FunctionDescriptor r(java.lang.foreign.MemoryLayout... args) {
        return FunctionDescriptor.of(CURESULT, args);
    }

    /** Every function this binding links, with its descriptor. */
    public static final List<NativeFunction> FUNCTIONS = List.of(
            fn("cuInit", r(C_INT)),
            fn("cuDriverGetVersion", r(C_POINTER)),
            fn("cuDeviceGetCount", r(C_POINTER)),
            fn("cuDeviceGet", r(C_POINTER, C_INT)),
            fn("cuDeviceGetName", r(C_POINTER, C_INT, C_INT)),
            fn("cuDeviceTotalMem_v2", r(C_POINTER, C_INT)),
            fn("cuDeviceGetAttribute", r(C_POINTER, C_INT, C_INT)),
            fn("cuDevicePrimaryCtxRetain", r(C_POINTER, C_INT)),
            fn("cuDevicePrimaryCtxRelease_v2", r(C_INT)),
            fn("cuCtxSetCurrent", r(C_POINTER)),
            fn("cuCtxSynchronize", r()),
            fn("cuMemAlloc_v2", r(C_POINTER, C_SIZE_T)),
            fn("cuMemFree_v2", r(CU_DEVICEPTR)),
            fn("cuMemHostAlloc", r(C_POINTER, C_SIZE_T, C_INT)),
            fn("cuMemFreeHost", r(C_POINTER)),
            fn("cuMemHostRegister_v2", r(C_POINTER, C_SIZE_T, C_INT)),
            fn("cuMemHostUnregister", r(C_POINTER)),
            fn("cuMemcpyHtoDAsync_v2", r(CU_DEVICEPTR, C_POINTER, C_SIZE_T, C_POINTER)),
            fn("cuMemcpyDtoHAsync_v2", r(C_POINTER, CU_DEVICEPTR, C_SIZE_T, C_POINTER)),
            fn("cuMemcpyDtoDAsync_v2", r(CU_DEVICEPTR, CU_DEVICEPTR, C_SIZE_T, C_POINTER)),
            fn("cuMemsetD8Async", r(CU_DEVICEPTR, C_CHAR, C_SIZE_T, C_POINTER)),
            fn("cuMemGetInfo_v2", r(C_POINTER, C_POINTER)),
            fn("cuStreamCreate", r(C_POINTER, C_INT)),
            fn("cuStreamDestroy_v2", r(C_POINTER)),
            fn("cuStreamSynchronize", r(C_POINTER)),
            fn("cuStreamWaitEvent", r(C_POINTER, C_POINTER, C_INT)),
            fn("cuEventCreate", r(C_POINTER, C_INT)),
            fn("cuEventRecord", r(C_POINTER, C_POINTER)),
            fn("cuEventSynchronize", r(C_POINTER)),
            fn("cuEventQuery", r(C_POINTER)),
            // cuda.h 12.8+ maps cuEventElapsedTime to _v2; older drivers export only the first version.
            optional("cuEventElapsedTime_v2", r(C_POINTER, C_POINTER, C_POINTER)),
            fn("cuEventElapsedTime", r(C_POINTER, C_POINTER, C_POINTER)),
            fn("cuEventDestroy_v2", r(C_POINTER)),
            fn("cuModuleLoadData", r(C_POINTER, C_POINTER)),
            fn("cuModuleGetFunction", r(C_POINTER, C_POINTER, C_POINTER)),
            fn("cuModuleUnload", r(C_POINTER)),
            fn("cuLaunchKernel", r(C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER)),
            fn("cuGetErrorName", r(C_INT, C_POINTER)),
            fn("cuGetErrorString", r(C_INT, C_POINTER)));

    private final NativeLibrary library;
    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
            cuDeviceTotalMem, cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease,
            cuCtxSetCurrent, cuCtxSynchronize, cuMemAlloc, cuMemFree, cuMemHostAlloc, cuMemFreeHost,
            cuMemHostRegister, cuMemHostUnregister, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemcpyDtoDAsync,
            cuMemsetD8Async, cuMemGetInfo, cuStreamCreate, cuStreamDestroy, cuStreamSynchronize, cuStreamWaitEvent,
            cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventQuery, cuEventElapsedTime, cuEventDestroy,
            cuModuleLoadData, cuModuleGetFunction, cuModuleUnload, cuLaunchKernel, cuGetErrorName, cuGetErrorString;

    /**
     * Links every function of {@link #FUNCTIONS}.
     *
     * @throws dev.accel.AccelException {@code BACKEND_UNAVAILABLE} naming the first missing symbol
     */
    public CuDriver(NativeLibrary library) {
        this.library = library;
        cuInit = link("cuInit");
        cuDriverGetVersion = link("cuDriverGetVersion");
        cuDeviceGetCount = link("cuDeviceGetCount");
        cuDeviceGet = link("cuDeviceGet");
        cuDeviceGetName = link("cuDeviceGetName");
        cuDeviceTotalMem = link("cuDeviceTotalMem_v2");
        cuDeviceGetAttribute = link("cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = link("cuDevicePrimaryCtxRetain");
        cuDevicePrimaryCtxRelease = link("cuDevicePrimaryCtxRelease_v2");
        cuCtxSetCurrent = link("cuCtxSetCurrent");
        cuCtxSynchronize = link("cuCtxSynchronize");
        cuMemAlloc = link("cuMemAlloc_v2");
        cuMemFree = link("cuMemFree_v2");
        cuMemHostAlloc = link("cuMemHostAlloc");
        cuMemFreeHost = link("cuMemFreeHost");
        cuMemHostRegister = link("cuMemHostRegister_v2");
        cuMemHostUnregister = link("cuMemHostUnregister");
        cuMemcpyHtoDAsync = link("cuMemcpyHtoDAsync_v2");
        cuMemcpyDtoHAsync = link("cuMemcpyDtoHAsync_v2");
        cuMemcpyDtoDAsync = link("cuMemcpyDtoDAsync_v2");
        cuMemsetD8Async = link("cuMemsetD8Async");
        cuMemGetInfo = link("cuMemGetInfo_v2");
        cuStreamCreate = link("cuStreamCreate");
        cuStreamDestroy = link("cuStreamDestroy_v2");
        cuStreamSynchronize = link("cuStreamSynchronize");
        cuStreamWaitEvent = link("cuStreamWaitEvent");
        cuEventCreate = link("cuEventCreate");
        cuEventRecord = link("cuEventRecord");
        cuEventSynchronize = link("cuEventSynchronize");
        cuEventQuery = link("cuEventQuery");
        cuEventElapsedTime = linkOptional("cuEventElapsedTime_v2").orElseGet(() -> link("cuEventElapsedTime"));
        cuEventDestroy = link("cuEventDestroy_v2");
        cuModuleLoadData = link("cuModuleLoadData");
        cuModuleGetFunction = link("cuModuleGetFunction");
        cuModuleUnload = link("cuModuleUnload");
        cuLaunchKernel = link("cuLaunchKernel");
        cuGetErrorName = link("cuGetErrorName");
        cuGetErrorString = link("cuGetErrorString");
    }

    /** The loaded library. */
    public NativeLibrary library() {
        return library;
    }

    static FunctionDescriptor descriptor(List<NativeFunction> table, String symbol) {
        for (NativeFunction f : table) {
            if (f.symbol().equals(symbol)) {
                return f.descriptor();
            }
        }
        throw new IllegalArgumentException("no descriptor for " + symbol);
    }

    private MethodHandle link(String symbol) {
        return library.downcall(symbol, descriptor(FUNCTIONS, symbol));
    }

    private Optional<MethodHandle> linkOptional(String symbol) {
        return library.optionalDowncall(symbol, descriptor(FUNCTIONS, symbol));
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed: " + t, t);
    }

    public int cuInit(int flags) {
        try { return (int) cuInit.invokeExact(flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDriverGetVersion(MemorySegment version) {
        try { return (int) cuDriverGetVersion.invokeExact(version); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceGetCount(MemorySegment count) {
        try { return (int) cuDeviceGetCount.invokeExact(count); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceGet(MemorySegment device, int ordinal) {
        try { return (int) cuDeviceGet.invokeExact(device, ordinal); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceGetName(MemorySegment name, int len, int device) {
        try { return (int) cuDeviceGetName.invokeExact(name, len, device); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceTotalMem(MemorySegment bytes, int device) {
        try { return (int) cuDeviceTotalMem.invokeExact(bytes, device); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDeviceGetAttribute(MemorySegment value, int attribute, int device) {
        try { return (int) cuDeviceGetAttribute.invokeExact(value, attribute, device); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDevicePrimaryCtxRetain(MemorySegment context, int device) {
        try { return (int) cuDevicePrimaryCtxRetain.invokeExact(context, device); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuDevicePrimaryCtxRelease(int device) {
        try { return (int) cuDevicePrimaryCtxRelease.invokeExact(device); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuCtxSetCurrent(MemorySegment context) {
        try { return (int) cuCtxSetCurrent.invokeExact(context); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuCtxSynchronize() {
        try { return (int) cuCtxSynchronize.invokeExact(); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemAlloc(MemorySegment dptr, long bytes) {
        try { return (int) cuMemAlloc.invokeExact(dptr, bytes); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemFree(long dptr) {
        try { return (int) cuMemFree.invokeExact(dptr); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemHostAlloc(MemorySegment pp, long bytes, int flags) {
        try { return (int) cuMemHostAlloc.invokeExact(pp, bytes, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemFreeHost(MemorySegment p) {
        try { return (int) cuMemFreeHost.invokeExact(p); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemHostRegister(MemorySegment p, long bytes, int flags) {
        try { return (int) cuMemHostRegister.invokeExact(p, bytes, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemHostUnregister(MemorySegment p) {
        try { return (int) cuMemHostUnregister.invokeExact(p); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemcpyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try { return (int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemcpyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try { return (int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemcpyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        try { return (int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemsetD8Async(long dst, byte value, long count, MemorySegment stream) {
        try { return (int) cuMemsetD8Async.invokeExact(dst, value, count, stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuMemGetInfo(MemorySegment free, MemorySegment total) {
        try { return (int) cuMemGetInfo.invokeExact(free, total); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamCreate(MemorySegment stream, int flags) {
        try { return (int) cuStreamCreate.invokeExact(stream, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamDestroy(MemorySegment stream) {
        try { return (int) cuStreamDestroy.invokeExact(stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamSynchronize(MemorySegment stream) {
        try { return (int) cuStreamSynchronize.invokeExact(stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuStreamWaitEvent(MemorySegment stream, MemorySegment event, int flags) {
        try { return (int) cuStreamWaitEvent.invokeExact(stream, event, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventCreate(MemorySegment event, int flags) {
        try { return (int) cuEventCreate.invokeExact(event, flags); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventRecord(MemorySegment event, MemorySegment stream) {
        try { return (int) cuEventRecord.invokeExact(event, stream); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventSynchronize(MemorySegment event) {
        try { return (int) cuEventSynchronize.invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventQuery(MemorySegment event) {
        try { return (int) cuEventQuery.invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventElapsedTime(MemorySegment millis, MemorySegment start, MemorySegment end) {
        try { return (int) cuEventElapsedTime.invokeExact(millis, start, end); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuEventDestroy(MemorySegment event) {
        try { return (int) cuEventDestroy.invokeExact(event); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuModuleLoadData(MemorySegment module, MemorySegment image) {
        try { return (int) cuModuleLoadData.invokeExact(module, image); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuModuleGetFunction(MemorySegment function, MemorySegment module, MemorySegment name) {
        try { return (int) cuModuleGetFunction.invokeExact(function, module, name); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuModuleUnload(MemorySegment module) {
        try { return (int) cuModuleUnload.invokeExact(module); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuLaunchKernel(MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                              int sharedBytes, MemorySegment stream, MemorySegment params, MemorySegment extra) {
        try {
            return (int) cuLaunchKernel.invokeExact(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes,
                    stream, params, extra);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int cuGetErrorName(int error, MemorySegment string) {
        try { return (int) cuGetErrorName.invokeExact(error, string); } catch (Throwable t) { throw rethrow(t); }
    }

    public int cuGetErrorString(int error, MemorySegment string) {
        try { return (int) cuGetErrorString.invokeExact(error, string); } catch (Throwable t) { throw rethrow(t); }
    }
}
