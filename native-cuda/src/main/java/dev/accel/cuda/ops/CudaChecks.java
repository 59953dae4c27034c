package dev.accel.cuda.ops;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.backend.OpChecks;
import dev.accel.memory.MemoryKind;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.Objects;

/**
 * Argument checks of the CUDA ops, with the CPU backend's rules and error codes; every failure names the
 * op, the operand and the shapes.
 */
final class CudaChecks {
    private final Device device;

    CudaChecks(Device device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * {@code t} must be in this device's device memory, with its scope open.
     *
     * @throws AccelException        {@link ErrorCode#INVALID_ARGUMENT} for host memory or another device's memory
     * @throws IllegalStateException when the tensor's scope is closed
     */
    void onDevice(String op, String name, Tensor t) {
        Objects.requireNonNull(t, name);
        Device owner = t.memory().device().orElse(null);
        if (t.memoryKind() != MemoryKind.DEVICE || !device.equals(owner)) {
            String where = owner == null ? "" : " of " + owner.name();
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, op + ": " + name + " is in " + t.memoryKind() + " memory" + where
                    + ", which " + device.name() + " cannot address; copy it to the device first (Tensor.to(" + device.name() + ", scope))");
        }
        t.memory().checkAlive();
    }

    /** {@code out}: on this device, alive, writable, not a broadcast view. */
    void output(String op, Tensor out) {
        onDevice(op, "out", out);
        OpChecks.writable(op, out);
    }

    /** Float ops take f32, f16, bf16 and f64 only. */
    void floating(String op, String name, Tensor t) {
        OpChecks.floating(op, device.name(), name, t);
    }

    void floatInput(String op, String name, Tensor t) {
        onDevice(op, name, t);
        floating(op, name, t);
    }

    void floatOutput(String op, Tensor out) {
        output(op, out);
        floating(op, "out", out);
    }

    /** {@code out} must have exactly the result shape. */
    static void outShape(String op, long[] expected, Tensor out) {
        Shapes.checkResult(op, expected, out.shape());
    }
}
