package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.OpChecks;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

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
        OpChecks.writable(op, out);
    }

    /** Float ops accept f32, f16, bf16 and f64 only. */
    static void floating(String op, String name, Tensor t) {
        OpChecks.floating(op, "cpu:0", name, t);
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
