package dev.accel.cuda.raw;

import java.lang.foreign.FunctionDescriptor;
import java.util.Objects;

/**
 * One C function a raw binding links: the exported symbol and its descriptor, copied from the vendor header.
 * The binding tables ({@link CuDriver#FUNCTIONS}, {@link Nvrtc#FUNCTIONS}, {@link Cublas#FUNCTIONS}) are data
 * so that a test can compare every descriptor with the header it came from.
 *
 * @param symbol     the exported name (after the header's {@code #define} aliases, e.g. {@code cuMemAlloc_v2})
 * @param descriptor its C signature
 * @param required   false for functions only some library versions export (linked when present)
 */
public record NativeFunction(String symbol, FunctionDescriptor descriptor, boolean required) {
    public NativeFunction {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    static NativeFunction fn(String symbol, FunctionDescriptor descriptor) {
        return new NativeFunction(symbol, descriptor, true);
    }

    static NativeFunction optional(String symbol, FunctionDescriptor descriptor) {
        return new NativeFunction(symbol, descriptor, false);
    }
}
