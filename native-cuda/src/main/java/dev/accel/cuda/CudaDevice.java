package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.OpKind;
import dev.accel.backend.Ops;
import dev.accel.cuda.ops.CudaOps;
import dev.accel.cuda.raw.CudaConstants;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One CUDA GPU ({@code cuda:N}), driven through its primary context. Device memory comes from a
 * {@link CachingAllocator} and goes back to it when the owning {@link MemoryScope} closes; pinned host memory
 * comes from {@code cuMemHostAlloc} and is freed with {@code cuMemFreeHost} when its scope closes. Ops run on one
 * stream per device, the op stream, in call order ({@link CudaKernels}).
 *
 * <p>Thread-safe: every call makes the device's context current on the calling thread first.
 */
public final class CudaDevice implements Device {
    private final CudaBackend backend;
    private final CudaDriver driver;
    private final int ordinal;
    private final int handle;
    private final MemorySegment context;
    private final String gpuName;
    private final int ccMajor;
    private final int ccMinor;
    private final int multiprocessors;
    private final long totalMemory;
    private final boolean readOnlyRegister;
    private final boolean hostRegister;
    private final int driverVersion;
    private final CachingAllocator allocator;
    private final CudaStream opStream;
    /** The context this thread last made current through any device (one per thread in CUDA). */
    private static final ThreadLocal<MemorySegment> CURRENT = new ThreadLocal<>();
    private final Object stagingLock = new Object();
    private MemoryScope stagingScope;
    private MemorySegment[] staging;
    private volatile CudaKernels kernels;
    private volatile Ops ops;

    CudaDevice(CudaBackend backend, CudaDriver driver, int ordinal, int driverVersion) {
        this.backend = backend;
        this.driver = driver;
        this.ordinal = ordinal;
        this.driverVersion = driverVersion;
        this.handle = driver.device(ordinal);
        this.gpuName = driver.deviceName(handle);
        this.ccMajor = driver.attribute(handle, CudaConstants.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        this.ccMinor = driver.attribute(handle, CudaConstants.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        this.multiprocessors = driver.attribute(handle, CudaConstants.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        this.hostRegister = driver.attribute(handle, CudaConstants.CU_DEVICE_ATTRIBUTE_HOST_REGISTER_SUPPORTED) != 0;
        this.readOnlyRegister = driver.attribute(handle, CudaConstants.CU_DEVICE_ATTRIBUTE_READ_ONLY_HOST_REGISTER_SUPPORTED) != 0;
        this.totalMemory = driver.totalMemory(handle);
        this.context = driver.retainPrimaryContext(handle);
        makeCurrent();
        this.opStream = new CudaStream(this, driver.createStream(CudaConstants.CU_STREAM_NON_BLOCKING), false);
        this.allocator = new CachingAllocator(new CachingAllocator.Backing() {
            @Override
            public long allocate(long bytes) {
                makeCurrent();
                return driver.memAlloc(bytes);
            }

            @Override
            public void free(long address, long bytes) {
                makeCurrent();
                driver.memFree(address);
            }
        }, name());
    }

    CudaDriver driver() {
        return driver;
    }

    /** Makes this device's primary context current on the calling thread (a driver call only when it changes). */
    void makeCurrent() {
        if (!context.equals(CURRENT.get())) {
            driver.check(driver.raw.cuCtxSetCurrent(context), "cuCtxSetCurrent(" + name() + ")");
            CURRENT.set(context);
        }
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public String name() {
        return "cuda:" + ordinal;
    }

    @Override
    public String description() {
        return gpuName + ", compute capability " + ccMajor + "." + ccMinor + ", " + multiprocessors + " SMs, "
                + (totalMemory >> 20) + " MiB, driver " + (driverVersion / 1000) + "." + (driverVersion % 1000 / 10);
    }

    /** The GPU's name as the driver reports it. */
    public String gpuName() {
        return gpuName;
    }

    /** Compute capability as {@code {major, minor}}. */
    public int[] computeCapability() {
        return new int[] {ccMajor, ccMinor};
    }

    /** The NVRTC target for this GPU: {@code sm_XY}. */
    public String architecture() {
        return "sm_" + ccMajor + ccMinor;
    }

    /** Whether the driver can pin existing host memory ({@code cuMemHostRegister}), and read-only ranges. */
    public boolean supportsHostRegister() {
        return hostRegister;
    }

    /** Whether {@code CU_MEMHOSTREGISTER_READ_ONLY} is supported (needed for read-only file mappings). */
    public boolean supportsReadOnlyHostRegister() {
        return readOnlyRegister;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.GPU;
    }

    @Override
    public OptionalLong totalMemory() {
        return OptionalLong.of(totalMemory);
    }

    @Override
    public OptionalLong freeMemory() {
        makeCurrent();
        return OptionalLong.of(driver.memoryInfo()[0]);
    }

    @Override
    public DeviceCaps caps() {
        // Device memory is separate (no buffer from a host pointer, no direct file reads): files are uploaded
        // through pinned staging (CudaUploader).
        return new DeviceCaps(true, true, false, false, true);
    }

    @Override
    public Set<MemoryKind> memoryKinds() {
        return EnumSet.of(MemoryKind.DEVICE, MemoryKind.PINNED_HOST, MemoryKind.HOST);
    }

    @Override
    public MemoryKind defaultMemoryKind() {
        return MemoryKind.DEVICE;
    }

    @Override
    public Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("byteSize must be >= 0, got " + byteSize);
        }
        scope.checkAlive();
        return switch (kind) {
            case DEVICE -> allocateDevice(scope, byteSize);
            case PINNED_HOST -> allocatePinned(scope, byteSize);
            case HOST -> scope.allocateHost(byteSize);
            case MAPPED_FILE -> throw new AccelException(ErrorCode.UNSUPPORTED,
                    "a device cannot allocate MAPPED_FILE memory; map a file with Memory.mapFile");
        };
    }

    private Memory allocateDevice(MemoryScope scope, long byteSize) {
        CachingAllocator.Block block = allocator.allocate(Math.max(byteSize, 1));
        try {
            scope.onClose(() -> allocator.release(block, fenceAfterQueuedWork()));
        } catch (RuntimeException e) {
            allocator.release(block, CachingAllocator.Fence.NONE);
            throw e;
        }
        return new Memory(MemoryKind.DEVICE, this, MemorySegment.ofAddress(block.address()), scope, byteSize);
    }

    /** An event after everything queued on the op stream so far; destroyed once awaited. */
    private CachingAllocator.Fence fenceAfterQueuedWork() {
        CudaEvent event = opStream.record();
        return () -> {
            try (event) {
                event.synchronize();
            }
        };
    }

    private Memory allocatePinned(MemoryScope scope, long byteSize) {
        makeCurrent();
        MemorySegment p = driver.hostAlloc(Math.max(byteSize, 1), CudaConstants.CU_MEMHOSTALLOC_PORTABLE);
        try {
            scope.onClose(() -> {
                makeCurrent();
                driver.check(driver.raw.cuMemFreeHost(p), "cuMemFreeHost");
            });
        } catch (RuntimeException e) {
            driver.raw.cuMemFreeHost(p);
            throw e;
        }
        MemorySegment segment = p.reinterpret(byteSize, scope.arena(), null);
        return new Memory(MemoryKind.PINNED_HOST, this, segment, scope, byteSize);
    }

    /**
     * Pins an existing host region (e.g. a mapped file) with {@code cuMemHostRegister}, so copies from it run
     * at pinned speed without staging. See {@link HostRegistration} for the flags tried.
     */
    public HostRegistration.Result register(Memory host) {
        return HostRegistration.register(this, host);
    }

    /** The device address of element 0 of a tensor in this device's memory. */
    long deviceAddress(Tensor t) {
        Memory m = t.memory();
        if (m.kind() != MemoryKind.DEVICE || m.device().orElse(null) != this) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "tensor " + t + " is not in the device memory of " + name());
        }
        return m.rawSegment().address() + t.offset() * t.dtype().byteSize();
    }

    @Override
    public Ops ops() {
        Ops o = ops;
        if (o == null) {
            synchronized (this) {
                if (ops == null) {
                    ops = new CudaOps(kernelRuntime());
                }
                o = ops;
            }
        }
        return o;
    }

    /** The {@link dev.accel.cuda.ops.KernelRuntime} of this device (NVRTC kernels, cuBLAS, scratch memory). */
    public CudaKernels kernelRuntime() {
        CudaKernels k = kernels;
        if (k == null) {
            synchronized (this) {
                if (kernels == null) {
                    kernels = new CudaKernels(this);
                }
                k = kernels;
            }
        }
        return k;
    }

    @Override
    public boolean supports(OpKind op, DType dtype) {
        return CudaOps.supports(op, dtype);
    }

    @Override
    public CudaStream newStream() {
        makeCurrent();
        return new CudaStream(this, driver.createStream(CudaConstants.CU_STREAM_NON_BLOCKING), true);
    }

    /**
     * Copies on the op stream, so the copy sees the results of every op queued before it, and waits for it.
     * (A copy on a new stream would not be ordered after the ops: CUDA streams created non-blocking do not
     * synchronize with each other.)
     */
    @Override
    public void copy(Tensor src, Tensor dst) {
        opStream.copy(src, dst);
        opStream.synchronize();
    }

    /** The stream ops run on; never closed by callers. */
    public CudaStream opStream() {
        return opStream;
    }

    /** The caching allocator's counters. */
    public CachingAllocator.Stats allocatorStats() {
        return allocator.stats();
    }

    /**
     * Frees the device memory the caching allocator holds for reuse, and the pinned staging buffers of uploads;
     * returns the device bytes freed.
     */
    public long emptyCache() {
        synchronized (stagingLock) {
            if (stagingScope != null) {
                stagingScope.close();
                stagingScope = null;
                staging = null;
            }
        }
        return allocator.emptyCache();
    }

    /**
     * Runs {@code work} with this device's two pinned staging buffers of at least {@code chunkBytes} each,
     * allocated on first use and kept for later uploads (pinning 2 x 64 MiB costs tens of milliseconds, as much
     * as copying a gigabyte). One upload at a time uses them; others wait.
     */
    <T> T withStagingBuffers(long chunkBytes, java.util.function.Function<MemorySegment[], T> work) {
        synchronized (stagingLock) {
            if (staging == null || staging[0].byteSize() < chunkBytes) {
                if (stagingScope != null) {
                    stagingScope.close();
                }
                stagingScope = MemoryScope.shared();
                staging = new MemorySegment[] {
                        allocate(stagingScope, MemoryKind.PINNED_HOST, chunkBytes).hostSegment(),
                        allocate(stagingScope, MemoryKind.PINNED_HOST, chunkBytes).hostSegment()};
            }
            return work.apply(staging.clone());
        }
    }

    /** Uploads a host region (e.g. a mapped store file) to new device memory owned by {@code scope}. */
    public CudaUploader.Result upload(Memory src, MemoryScope scope) {
        return new CudaUploader(this).upload(src, scope);
    }

    @Override
    public String toString() {
        return "CudaDevice[" + name() + ", " + gpuName + "]";
    }
}
