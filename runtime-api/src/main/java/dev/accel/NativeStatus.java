package dev.accel;

import java.util.Objects;

/**
 * A status code returned by a native library, kept as the vendor defines it.
 *
 * @param library the library that returned it, e.g. {@code "libcuda.so.1"}
 * @param name    the vendor's symbolic name, e.g. {@code "CUDA_ERROR_OUT_OF_MEMORY"};
 *                {@code "UNKNOWN"} when the number has no known name
 * @param code    the vendor's number, e.g. {@code 2}
 */
public record NativeStatus(String library, String name, long code) {
    public NativeStatus {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return name + " (" + code + ") from " + library;
    }
}
