package dev.accel.conformance;

import dev.accel.backend.OpKind;
import dev.accel.tensor.DType;

/**
 * One case of one op for one dtype: {@link Body#run} makes the inputs on the host, runs the op on the
 * device under test, and compares the result with the float64 reference.
 *
 * @param op    the op, for {@code Device.supports} and the case's seed
 * @param check the report row: the op's name, or a variant of it ({@link OpCatalog#MATMUL_PREPARED})
 */
record OpCase(OpKind op, String check, DType dtype, String name, Body body) {
    /** A case of {@code op} itself, reported under the op's name. */
    OpCase(OpKind op, DType dtype, String name, Body body) {
        this(op, OpCatalog.name(op), dtype, name, body);
    }

    @FunctionalInterface
    interface Body {
        /** Runs the case; returns the comparison, or throws what the device threw. */
        Comparison run(Harness h);
    }
}
