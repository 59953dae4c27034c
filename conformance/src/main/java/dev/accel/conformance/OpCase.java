package dev.accel.conformance;

import dev.accel.backend.OpKind;
import dev.accel.tensor.DType;

/**
 * One case of one op for one dtype: {@link Body#run} makes the inputs on the host, runs the op on the
 * device under test, and compares the result with the float64 reference.
 */
record OpCase(OpKind op, DType dtype, String name, Body body) {
    @FunctionalInterface
    interface Body {
        /** Runs the case; returns the comparison, or throws what the device threw. */
        Comparison run(Harness h);
    }
}
