package dev.accel.bindings;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;

/**
 * The layouts of C's scalar types on the platform this JVM runs on, taken from
 * {@link Linker#canonicalLayouts()}. Use these rather than {@code JAVA_LONG} and friends when a
 * header says {@code long}, {@code size_t} or a pointer: their width differs between platforms
 * ({@code long} is 8 bytes on Linux and macOS, 4 on Windows).
 *
 * <p>Each constant carries its natural C alignment, which {@link CStructs} uses to place members.
 * The carrier types of {@link #C_LONG} and {@link #C_SIZE_T} depend on the platform; read them
 * through a {@link java.lang.invoke.VarHandle} from {@link CStructs#field} or check
 * {@link ValueLayout#carrier()}.
 */
public final class CTypes {
    private CTypes() {
    }

    /** {@code bool} (C23 / {@code _Bool}). */
    public static final ValueLayout C_BOOL = canonical("bool");
    /** {@code char}. */
    public static final ValueLayout C_CHAR = canonical("char");
    /** {@code short}. */
    public static final ValueLayout C_SHORT = canonical("short");
    /** {@code int}. */
    public static final ValueLayout C_INT = canonical("int");
    /** {@code long}: 8 bytes on LP64 (Linux, macOS), 4 on LLP64 (Windows). */
    public static final ValueLayout C_LONG = canonical("long");
    /** {@code long long}. */
    public static final ValueLayout C_LONG_LONG = canonical("long long");
    /** {@code float}. */
    public static final ValueLayout C_FLOAT = canonical("float");
    /** {@code double}. */
    public static final ValueLayout C_DOUBLE = canonical("double");
    /** {@code size_t}. */
    public static final ValueLayout C_SIZE_T = canonical("size_t");
    /** Any data pointer ({@code void*}, {@code T*}, opaque handles such as {@code CUstream}). */
    public static final AddressLayout C_POINTER = (AddressLayout) canonical("void*");

    private static ValueLayout canonical(String name) {
        MemoryLayout layout = Linker.nativeLinker().canonicalLayouts().get(name);
        if (layout == null) {
            // Every JDK linker defines these; fall back to LP64 rather than fail at class load.
            return switch (name) {
                case "bool", "char" -> ValueLayout.JAVA_BYTE;
                case "short" -> ValueLayout.JAVA_SHORT;
                case "int" -> ValueLayout.JAVA_INT;
                case "float" -> ValueLayout.JAVA_FLOAT;
                case "double" -> ValueLayout.JAVA_DOUBLE;
                case "void*" -> ValueLayout.ADDRESS;
                default -> ValueLayout.JAVA_LONG;
            };
        }
        return (ValueLayout) layout;
    }
}
