package dev.accel.cuda.ops;

import dev.accel.tensor.DType;

/** The dtype numbers the kernels use ({@code DT_*} in the kernels' prelude header {@code accel_prelude.cuh}). */
final class DTypeCode {
    private DTypeCode() {
    }

    static int of(DType t) {
        return switch (t) {
            case F64 -> 0;
            case F32 -> 1;
            case F16 -> 2;
            case BF16 -> 3;
            case I64 -> 4;
            case I32 -> 5;
            case I16 -> 6;
            case I8 -> 7;
            case U8 -> 8;
            case BOOL -> 9;
        };
    }

    /** The kernel macro name of {@code t}'s code, as the prelude defines it ({@code DT_F32}...). */
    static String macro(DType t) {
        return "DT_" + t.name();
    }
}
