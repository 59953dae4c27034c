package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.NativeStatus;
import dev.accel.cuda.raw.CudaConstants;
import dev.accel.memory.Memory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Existing host memory pinned for the device with {@code cuMemHostRegister}, unregistered by {@link #close()}.
 *
 * <p>Flags: a writable region is registered {@code PORTABLE}. A read-only region (a file mapped read-only, as the
 * store maps models) must be registered with {@code CU_MEMHOSTREGISTER_READ_ONLY} too: without it the driver
 * asks for writable pinned pages, which a read-only file mapping cannot give, and the call fails with
 * {@code CUDA_ERROR_INVALID_VALUE} (what was measured on an H100). The read-only flag needs
 * {@code CU_DEVICE_ATTRIBUTE_READ_ONLY_HOST_REGISTER_SUPPORTED}. When registration is refused, {@link #register}
 * returns {@link Result.Refused} with the reason and the driver's status; callers then stage through pinned
 * buffers ({@link CudaUploader}) and say so. Nothing falls back silently.
 */
public final class HostRegistration implements AutoCloseable {
    /** What {@link #register} did. */
    public sealed interface Result {
        /** The region is pinned; close the registration when done (before the memory's scope closes). */
        record Registered(HostRegistration registration) implements Result {
        }

        /** The driver refused; {@code reason} says what was tried and why it failed. */
        record Refused(String reason, Optional<NativeStatus> status) implements Result {
        }
    }

    private final CudaDevice device;
    private final MemorySegment region;
    private final int flags;
    private volatile boolean closed;

    private HostRegistration(CudaDevice device, MemorySegment region, int flags) {
        this.device = device;
        this.region = region;
        this.flags = flags;
    }

    /** The flags to try for a region, in order. */
    static List<Integer> flagsFor(boolean readOnly, boolean readOnlySupported) {
        List<Integer> flags = new ArrayList<>();
        if (readOnly) {
            if (readOnlySupported) {
                flags.add(CudaConstants.CU_MEMHOSTREGISTER_PORTABLE | CudaConstants.CU_MEMHOSTREGISTER_READ_ONLY);
            }
        } else {
            flags.add(CudaConstants.CU_MEMHOSTREGISTER_PORTABLE);
        }
        return flags;
    }

    static Result register(CudaDevice device, Memory host) {
        MemorySegment segment = host.hostSegment();
        if (!device.supportsHostRegister()) {
            return new Result.Refused(device.name() + " does not support cuMemHostRegister "
                    + "(CU_DEVICE_ATTRIBUTE_HOST_REGISTER_SUPPORTED = 0)", Optional.empty());
        }
        List<Integer> candidates = flagsFor(host.isReadOnly(), device.supportsReadOnlyHostRegister());
        if (candidates.isEmpty()) {
            return new Result.Refused("the region is read-only and " + device.name()
                    + " does not support CU_MEMHOSTREGISTER_READ_ONLY", Optional.empty());
        }
        device.makeCurrent();
        StringBuilder tried = new StringBuilder();
        Optional<NativeStatus> last = Optional.empty();
        for (int flags : candidates) {
            int status = device.driver().raw.cuMemHostRegister(segment, segment.byteSize(), flags);
            if (status == 0) {
                return new Result.Registered(new HostRegistration(device, segment, flags));
            }
            AccelException e = device.driver().codes.failure(status, "cuMemHostRegister(" + segment.byteSize() + " bytes, flags 0x"
                    + Integer.toHexString(flags) + ")");
            last = e.nativeStatus();
            tried.append(tried.isEmpty() ? "" : "; ").append(e.getMessage());
        }
        return new Result.Refused(tried.toString(), last);
    }

    /** The flags the region was registered with. */
    public int flags() {
        return flags;
    }

    /** The pinned region. */
    public MemorySegment region() {
        return region;
    }

    /** Unregisters the region. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.makeCurrent();
        device.driver().check(device.driver().raw.cuMemHostUnregister(region), "cuMemHostUnregister");
    }
}
