package dev.accel.cuda;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.backend.Event;
import dev.accel.backend.Stream;
import dev.accel.cuda.raw.CudaConstants;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A CUDA stream ({@code CUstream}, non-blocking). Copies between every pair of HOST, PINNED_HOST, MAPPED_FILE
 * and DEVICE memory:
 * <ul>
 *   <li>both sides contiguous: one {@code cuMemcpy*Async} on this stream (asynchronous for pinned host memory;
 *       for pageable host memory the driver stages the bytes and returns once the host side is no longer
 *       needed);</li>
 *   <li>a non-contiguous host side: gathered into (or scattered from) a contiguous host copy, and the copy
 *       completes before {@code copy} returns;</li>
 *   <li>a non-contiguous device side: through the device ops' strided {@code copy} kernel on the op stream,
 *       ordered after this stream's earlier work with events; completes before {@code copy} returns;</li>
 *   <li>host to host: a Java copy, after this stream's earlier work.</li>
 * </ul>
 * {@link #close()} synchronizes and destroys the stream; idempotent.
 */
public final class CudaStream implements Stream {
    private final CudaDevice device;
    private final MemorySegment handle;
    private final boolean owned;
    private volatile boolean closed;

    CudaStream(CudaDevice device, MemorySegment handle, boolean owned) {
        this.device = device;
        this.handle = handle;
        this.owned = owned;
    }

    /** The native {@code CUstream}. */
    MemorySegment handle() {
        checkOpen();
        return handle;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        checkOpen();
        if (src.dtype() != dst.dtype()) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "copy needs the same dtype (" + src.dtype() + " -> " + dst.dtype() + ")");
        }
        if (!Arrays.equals(src.shape(), dst.shape())) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "copy needs the same shape: " + Arrays.toString(src.shape())
                    + " -> " + Arrays.toString(dst.shape()));
        }
        checkOwned(src);
        checkOwned(dst);
        if (dst.memory().isReadOnly()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "cannot copy into read-only memory " + dst);
        }
        if (src.numel() == 0) {
            return;
        }
        device.makeCurrent();
        boolean srcDevice = src.memoryKind() == MemoryKind.DEVICE;
        boolean dstDevice = dst.memoryKind() == MemoryKind.DEVICE;
        long bytes = src.byteSize();
        if (src.isContiguous() && dst.isContiguous()) {
            if (srcDevice && dstDevice) {
                device.driver().check(device.driver().raw.cuMemcpyDtoDAsync(device.deviceAddress(dst), device.deviceAddress(src),
                        bytes, handle), "cuMemcpyDtoDAsync of " + bytes + " bytes");
            } else if (dstDevice) {
                device.driver().check(device.driver().raw.cuMemcpyHtoDAsync(device.deviceAddress(dst), src.asSegment(), bytes, handle),
                        "cuMemcpyHtoDAsync of " + bytes + " bytes");
            } else if (srcDevice) {
                device.driver().check(device.driver().raw.cuMemcpyDtoHAsync(dst.asSegment(), device.deviceAddress(src), bytes, handle),
                        "cuMemcpyDtoHAsync of " + bytes + " bytes");
            } else {
                synchronize();
                MemorySegment.copy(src.asSegment(), 0, dst.asSegment(), 0, bytes);
            }
            return;
        }
        if (!srcDevice && !dstDevice) {
            synchronize();
            src.copyTo(dst);
            return;
        }
        try (MemoryScope tmp = MemoryScope.confined()) {
            if (!srcDevice) {
                // host (strided) -> device: gather on the host, then one copy, then strided on the device if needed
                Tensor hostContiguous = Tensor.zeros(tmp, src.dtype(), src.shape());
                src.copyTo(hostContiguous);
                Tensor target = dst.isContiguous() ? dst : Tensor.empty(device, tmp, dst.dtype(), dst.shape());
                device.driver().check(device.driver().raw.cuMemcpyHtoDAsync(device.deviceAddress(target), hostContiguous.asSegment(),
                        bytes, handle), "cuMemcpyHtoDAsync of " + bytes + " bytes");
                if (target != dst) {
                    deviceCopy(target, dst);
                }
                synchronize();
            } else if (!dstDevice) {
                Tensor source = src.isContiguous() ? src : Tensor.empty(device, tmp, src.dtype(), src.shape());
                if (source != src) {
                    deviceCopy(src, source);
                }
                Tensor hostContiguous = Tensor.zeros(tmp, src.dtype(), src.shape());
                device.driver().check(device.driver().raw.cuMemcpyDtoHAsync(hostContiguous.asSegment(), device.deviceAddress(source),
                        bytes, handle), "cuMemcpyDtoHAsync of " + bytes + " bytes");
                synchronize();
                hostContiguous.copyTo(dst);
            } else {
                deviceCopy(src, dst);
                synchronize();
            }
        }
    }

    /** Runs the ops' strided copy on the op stream, ordered after this stream's work, and makes this stream wait for it. */
    private void deviceCopy(Tensor src, Tensor dst) {
        CudaStream ops = device.opStream();
        if (ops == this) {
            device.ops().copy(src, dst);
            return;
        }
        try (CudaEvent before = record()) {
            ops.waitFor(before);
            device.ops().copy(src, dst);
            try (CudaEvent after = ops.record()) {
                waitFor(after);
            }
        }
    }

    private void checkOwned(Tensor t) {
        Memory m = t.memory();
        m.checkAlive();
        if (m.kind() == MemoryKind.DEVICE && m.device().orElseThrow() != device) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "tensor " + t + " lives on " + m.device().orElseThrow().name()
                    + ", not on " + device.name() + "; copy it to the host first");
        }
    }

    @Override
    public CudaEvent record() {
        return record(false);
    }

    /** Records an event that keeps timing data, for {@link CudaEvent#elapsedMillis}. */
    public CudaEvent recordTimed() {
        return record(true);
    }

    private CudaEvent record(boolean timed) {
        checkOpen();
        device.makeCurrent();
        MemorySegment event = device.driver().createEvent(timed ? CudaConstants.CU_EVENT_DEFAULT : CudaConstants.CU_EVENT_DISABLE_TIMING);
        CudaEvent e = new CudaEvent(device, event, timed);
        try {
            device.driver().check(device.driver().raw.cuEventRecord(event, handle), "cuEventRecord");
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    @Override
    public void waitFor(Event event) {
        checkOpen();
        if (!(event instanceof CudaEvent cuda)) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "a CUDA stream can only wait for CUDA events, got " + event);
        }
        device.makeCurrent();
        device.driver().check(device.driver().raw.cuStreamWaitEvent(handle, cuda.handle(), 0), "cuStreamWaitEvent");
    }

    @Override
    public void synchronize() {
        checkOpen();
        device.makeCurrent();
        device.driver().check(device.driver().raw.cuStreamSynchronize(handle), "cuStreamSynchronize");
    }

    @Override
    public void close() {
        if (closed || !owned) {
            return;
        }
        synchronize();
        closed = true;
        device.driver().check(device.driver().raw.cuStreamDestroy(handle), "cuStreamDestroy");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("CUDA stream on " + device.name() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "CudaStream[" + device.name() + (closed ? ", closed" : "") + "]";
    }
}
