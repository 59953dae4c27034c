package dev.accel.openvino.capi;

import dev.accel.tensor.DType;

import java.util.Optional;

/**
 * {@code ov_element_type_e} of {@code openvino/c/ov_common.h} (OpenVINO 2024.6 / 2025.x: the
 * numbering gained {@code U2}, {@code U3} and {@code U6} in 2024, which moved {@code U8} and every
 * later constant; {@link #U8} is 17 here, 14 in 2023.x). Constants in header order; {@link #code()}
 * is the C value.
 */
public enum OvElementType {
    UNDEFINED(0), DYNAMIC(1), BOOLEAN(2), BF16(3), F16(4), F32(5), F64(6), I4(7), I8(8), I16(9), I32(10), I64(11),
    U1(12), U2(13), U3(14), U4(15), U6(16), U8(17), U16(18), U32(19), U64(20), NF4(21), F8E4M3(22), F8E5M3(23),
    STRING(24), F4E2M1(25), F8E8M0(26);

    private final int code;

    OvElementType(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    /** The constant with C value {@code code}, if the header declares one. */
    public static Optional<OvElementType> of(int code) {
        OvElementType[] all = values();
        return code >= 0 && code < all.length ? Optional.of(all[code]) : Optional.empty();
    }

    /** The OpenVINO type of an Accel dtype (every {@link DType} has one). */
    public static OvElementType of(DType dtype) {
        return switch (dtype) {
            case F64 -> F64;
            case F32 -> F32;
            case F16 -> F16;
            case BF16 -> BF16;
            case I64 -> I64;
            case I32 -> I32;
            case I16 -> I16;
            case I8 -> I8;
            case U8 -> U8;
            case BOOL -> BOOLEAN;
        };
    }

    /** The Accel dtype of this OpenVINO type, or empty for types Accel has no dtype for (u16, i4, f8, string...). */
    public Optional<DType> dtype() {
        return Optional.ofNullable(switch (this) {
            case F64 -> DType.F64;
            case F32 -> DType.F32;
            case F16 -> DType.F16;
            case BF16 -> DType.BF16;
            case I64 -> DType.I64;
            case I32 -> DType.I32;
            case I16 -> DType.I16;
            case I8 -> DType.I8;
            case U8 -> DType.U8;
            case BOOLEAN -> DType.BOOL;
            default -> null;
        });
    }
}
