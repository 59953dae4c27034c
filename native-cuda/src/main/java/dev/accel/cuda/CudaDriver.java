package dev.accel.cuda;

import dev.accel.bindings.NativeLibrary;
import dev.accel.cuda.raw.CuDriver;
import dev.accel.cuda.raw.CudaStatus;
import dev.accel.bindings.StatusCodes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The checked layer over {@link CuDriver}: every status goes through {@link #check}, which names the call,
 * the {@code CUresult} name and number, and the driver's own description ({@code cuGetErrorString}).
 */
final class CudaDriver {
    final CuDriver raw;
    final StatusCodes codes;

    CudaDriver(NativeLibrary library) {
        this.raw = new CuDriver(library);
        this.codes = CudaStatus.DRIVER.withDetail(status -> describe((int) status));
    }

    void check(int status, String what) {
        if (status != CudaStatus.CUDA_SUCCESS) {
            throw codes.failure(status, what);
        }
    }

    private String describe(int status) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            if (raw.cuGetErrorString(status, out) != 0) {
                return null;
            }
            MemorySegment text = out.get(ValueLayout.ADDRESS, 0);
            return text.equals(MemorySegment.NULL) ? null : text.reinterpret(4096).getString(0, StandardCharsets.UTF_8);
        }
    }

    int driverVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            check(raw.cuDriverGetVersion(v), "cuDriverGetVersion");
            return v.get(ValueLayout.JAVA_INT, 0);
        }
    }

    int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            check(raw.cuDeviceGetCount(v), "cuDeviceGetCount");
            return v.get(ValueLayout.JAVA_INT, 0);
        }
    }

    int device(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            check(raw.cuDeviceGet(v, ordinal), "cuDeviceGet(" + ordinal + ")");
            return v.get(ValueLayout.JAVA_INT, 0);
        }
    }

    String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check(raw.cuDeviceGetName(name, 256, device), "cuDeviceGetName");
            return name.getString(0, StandardCharsets.UTF_8);
        }
    }

    long totalMemory(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_LONG);
            check(raw.cuDeviceTotalMem(v, device), "cuDeviceTotalMem");
            return v.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    int attribute(int device, int attribute) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            check(raw.cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
            return v.get(ValueLayout.JAVA_INT, 0);
        }
    }

    MemorySegment retainPrimaryContext(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.ADDRESS);
            check(raw.cuDevicePrimaryCtxRetain(v, device), "cuDevicePrimaryCtxRetain");
            return v.get(ValueLayout.ADDRESS, 0);
        }
    }

    /** {free, total} bytes of the current context's device. */
    long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment total = arena.allocate(ValueLayout.JAVA_LONG);
            check(raw.cuMemGetInfo(free, total), "cuMemGetInfo");
            return new long[] {free.get(ValueLayout.JAVA_LONG, 0), total.get(ValueLayout.JAVA_LONG, 0)};
        }
    }

    long memAlloc(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_LONG);
            check(raw.cuMemAlloc(v, bytes), "cuMemAlloc of " + bytes + " bytes");
            return v.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    void memFree(long address) {
        check(raw.cuMemFree(address), "cuMemFree");
    }

    MemorySegment hostAlloc(long bytes, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.ADDRESS);
            check(raw.cuMemHostAlloc(v, bytes, flags), "cuMemHostAlloc of " + bytes + " bytes");
            return v.get(ValueLayout.ADDRESS, 0);
        }
    }

    MemorySegment createStream(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.ADDRESS);
            check(raw.cuStreamCreate(v, flags), "cuStreamCreate");
            return v.get(ValueLayout.ADDRESS, 0);
        }
    }

    MemorySegment createEvent(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.ADDRESS);
            check(raw.cuEventCreate(v, flags), "cuEventCreate");
            return v.get(ValueLayout.ADDRESS, 0);
        }
    }
}
