package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/** Argument checks shared by the CPU ops; every failure names the op, the operand and the shapes. */
final class Checks {
    private Checks() {
    }

    /**
     * Checks that {@code t} is in memory the CPU can address and that its scope is open.
     *
     * @throws AccelException        with {@link ErrorCode#INVALID_ARGUMENT} for device memory
     * @throws IllegalStateException when the tensor's scope is closed
     */
    static void hostAccessible(String op, String name, Tensor t) {
        Objects.requireNonNull(t, name);
        if (!t.memoryKind().isHostAccessible()) {
            String where = t.memory().device().map(d -> " of " + d.name()).orElse("");
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, op + ": " + name + " is in " + t.memoryKind() + " memory" + where
                    + ", which cpu:0 cannot address; copy it to host memory first (Tensor.to / copyTo)");
        }
        t.memory().checkAlive();
    }

    /** Checks that {@code out} is host-accessible, alive and writable. */
    static void output(String op, Tensor out) {
        hostAccessible(op, "out", out);
        writable(op, out);
    }

    static void writable(String op, Tensor out) {
        if (out.memory().isReadOnly()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, op + ": out " + out + " is read-only memory (a read-only mapped file?); "
                    + "write the result into a writable tensor");
        }
        if (out.numel() > 1 && hasZeroStride(out)) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, op + ": out " + out
                    + " is a broadcast view (stride 0): several results would land on one element");
        }
    }

    private static boolean hasZeroStride(Tensor t) {
        long[] shape = t.shape();
        long[] strides = t.strides();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > 1 && strides[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Float ops accept f32, f16, bf16 and f64 only. */
    static void floating(String op, String name, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new AccelException(ErrorCode.UNSUPPORTED, op + " on cpu:0 takes floating-point tensors (f32, f16, bf16, f64); "
                    + name + " is " + t.dtype() + Shapes.format(t.shape()) + " (use the cast op first)");
        }
    }

    /** A float operand: host-accessible, alive, floating-point. */
    static void floatInput(String op, String name, Tensor t) {
        hostAccessible(op, name, t);
        floating(op, name, t);
    }

    /** A float output: host-accessible, alive, writable, floating-point. */
    static void floatOutput(String op, Tensor out) {
        output(op, out);
        floating(op, "out", out);
    }

    /** {@code out} must have exactly the result shape. */
    static void outShape(String op, long[] expected, Tensor out) {
        Shapes.checkResult(op, expected, out.shape());
    }
}
