package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.backend.Event;
import dev.accel.backend.OpChecks;
import dev.accel.backend.Stream;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/** A stream of {@code cpu:0}: every operation completes before the call returns. */
final class CpuStream implements Stream {
    private final CpuDevice device;
    private volatile boolean closed;

    CpuStream(CpuDevice device) {
        this.device = device;
    }

    @Override
    public Device device() {
        return device;
    }

    /**
     * Copies synchronously between host-accessible tensors of the same dtype and shape.
     *
     * @throws AccelException with {@link ErrorCode#INVALID_ARGUMENT} when either tensor is in device memory
     */
    @Override
    public void copy(Tensor src, Tensor dst) {
        checkOpen();
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Checks.hostAccessible("copy", "src", src);
        Checks.hostAccessible("copy", "dst", dst);
        if (src.dtype() != dst.dtype() || !Arrays.equals(src.shape(), dst.shape())) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "stream copy needs the same dtype and shape: " + src.dtype()
                    + Shapes.format(src.shape()) + " -> " + dst.dtype() + Shapes.format(dst.shape()));
        }
        OpChecks.writable("copy", dst);
        src.copyTo(dst);
    }

    @Override
    public Event record() {
        checkOpen();
        return new CpuEvent();
    }

    /** Nothing to wait for on this stream; an event of another device is waited for on the host. */
    @Override
    public void waitFor(Event event) {
        checkOpen();
        Objects.requireNonNull(event, "event");
        event.synchronize();
    }

    @Override
    public void synchronize() {
        checkOpen();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("stream of cpu:0 is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "CpuStream[cpu:0" + (closed ? ", closed" : "") + "]";
    }
}
