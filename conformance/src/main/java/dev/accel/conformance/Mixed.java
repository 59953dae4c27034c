package dev.accel.conformance;

import dev.accel.backend.OpKind;
import dev.accel.tensor.DType;

/** The Ops contract lets float operands of different dtypes mix; a mixed case runs only where the device claims both. */
final class Mixed {
    private Mixed() {
    }

    /** Skips the case unless the device supports {@code op} for both {@code dtype} and f32. */
    static void require(Harness h, OpKind op, DType dtype) {
        if (!h.device.supports(op, DType.F32)) {
            throw new CaseSkipped("mixing " + dtype + " with f32 needs " + OpCatalog.name(op) + " for f32, which the device does not support");
        }
    }
}
