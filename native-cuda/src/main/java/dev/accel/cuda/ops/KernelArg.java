package dev.accel.cuda.ops;

import java.util.Objects;

/**
 * One parameter of a CUDA kernel launch, by value, exactly as the kernel's C signature declares it.
 * {@link dev.accel.cuda.ops.KernelRuntime#launch} copies each value into native memory and passes the
 * array of pointers to {@code cuLaunchKernel}'s {@code kernelParams}.
 */
public sealed interface KernelArg {
    /** A device pointer ({@code T*} in the kernel). */
    record Pointer(long address) implements KernelArg {
    }

    /** {@code int} / {@code unsigned int}. */
    record I32(int value) implements KernelArg {
    }

    /** {@code long long} / {@code size_t} / {@code unsigned long long}. */
    record I64(long value) implements KernelArg {
    }

    /** {@code float}. */
    record F32(float value) implements KernelArg {
    }

    /** {@code double}. */
    record F64(double value) implements KernelArg {
    }

    /**
     * A struct passed by value (e.g. a shape/strides descriptor); {@code bytes} must have the struct's exact
     * size and layout as the kernel's C compiler lays it out, and {@code alignment} its alignment.
     */
    record ByValue(byte[] bytes, int alignment) implements KernelArg {
        public ByValue {
            Objects.requireNonNull(bytes, "bytes");
            if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
                throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
            }
            bytes = bytes.clone();
        }
    }

    static KernelArg ptr(long address) {
        return new Pointer(address);
    }

    static KernelArg i32(int value) {
        return new I32(value);
    }

    static KernelArg i64(long value) {
        return new I64(value);
    }

    static KernelArg f32(float value) {
        return new F32(value);
    }

    static KernelArg f64(double value) {
        return new F64(value);
    }
}
