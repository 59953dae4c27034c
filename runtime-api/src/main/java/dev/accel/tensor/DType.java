package dev.accel.tensor;

import java.util.Locale;

/**
 * Element types. Every dtype is stored in the platform's native byte order, packed, one element per
 * {@link #byteSize()} bytes ({@link #BOOL} is one byte, 0 or 1).
 */
public enum DType {
    F64(8, Kind.FLOAT),
    F32(4, Kind.FLOAT),
    /** IEEE 754 binary16. */
    F16(2, Kind.FLOAT),
    /** bfloat16: the upper 16 bits of an f32. */
    BF16(2, Kind.FLOAT),
    I64(8, Kind.SIGNED),
    I32(4, Kind.SIGNED),
    I16(2, Kind.SIGNED),
    I8(1, Kind.SIGNED),
    U8(1, Kind.UNSIGNED),
    BOOL(1, Kind.BOOL);

    private enum Kind { FLOAT, SIGNED, UNSIGNED, BOOL }

    private final int byteSize;
    private final Kind kind;

    DType(int byteSize, Kind kind) {
        this.byteSize = byteSize;
        this.kind = kind;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return kind == Kind.FLOAT;
    }

    /** True for the signed and unsigned integer types (not {@link #BOOL}). */
    public boolean isInteger() {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }

    /** The short lower-case name used in messages, the CLI and reports: {@code f32}, {@code bf16}, ... */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #shortName()} (case-insensitive). */
    public static DType parse(String name) {
        for (DType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "'; expected one of f64, f32, f16, bf16, i64, i32, i16, i8, u8, bool");
    }

    @Override
    public String toString() {
        return shortName();
    }
}
