package dev.accel.cuda.nvrtc;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One CUDA C program for NVRTC: its name, its text, and the headers it {@code #include}s by name. NVRTC gets
 * the headers in memory ({@code nvrtcCreateProgram}'s {@code headers} and {@code includeNames}), so
 * {@code #include "accel_prelude.cuh"} in the text resolves to the header whose {@link Header#includeName()}
 * is exactly {@code accel_prelude.cuh}, with no directory involved. The headers' names and texts are part of
 * the {@link KernelCache} key, so editing a header recompiles every program that carries it.
 *
 * @param name    the program's name, for NVRTC's messages and the cache file name (e.g. {@code elementwise.cu})
 * @param text    the CUDA C source
 * @param headers the headers NVRTC may include, in order; include names are unique
 */
public record KernelSource(String name, String text, List<Header> headers) {
    /**
     * A header given to NVRTC in memory.
     *
     * @param includeName the name the program's {@code #include "..."} uses
     * @param text        the header's CUDA C text
     */
    public record Header(String includeName, String text) {
        public Header {
            requireCString(includeName, "header include name");
            if (includeName.isBlank()) {
                throw new IllegalArgumentException("a header needs a non-blank include name");
            }
            requireCString(text, "header " + includeName);
        }
    }

    public KernelSource {
        requireCString(name, "program name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a kernel source needs a non-blank name");
        }
        requireCString(text, "kernel source " + name);
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        Set<String> seen = new HashSet<>();
        for (Header h : headers) {
            if (!seen.add(h.includeName())) {
                throw new IllegalArgumentException("kernel source " + name + " has two headers named '" + h.includeName() + "'");
            }
        }
    }

    /** A program that includes no header of its own. */
    public static KernelSource of(String name, String text) {
        return new KernelSource(name, text, List.of());
    }

    /** The include names of {@link #headers()}, in order. */
    public List<String> includeNames() {
        return headers.stream().map(Header::includeName).toList();
    }

    /** NVRTC reads C strings: a NUL inside would cut the text short without an error. */
    private static void requireCString(String s, String what) {
        Objects.requireNonNull(s, what);
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character at index " + nul
                    + " (NVRTC reads C strings, which end there)");
        }
    }

    @Override
    public String toString() {
        return "KernelSource[" + name + ", " + text.length() + " chars, headers " + includeNames() + "]";
    }
}
