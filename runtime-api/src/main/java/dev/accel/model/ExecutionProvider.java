package dev.accel.model;

import java.util.Locale;

/**
 * Where a {@link ModelRuntime} may run a model's operators, in the order of preference given in
 * {@link SessionOptions#providers()}. A runtime whose native build lacks a requested provider fails
 * {@link ModelRuntime#open} with {@link dev.accel.ErrorCode#BACKEND_UNAVAILABLE}, naming the providers
 * the build does have; it never falls back silently.
 */
public enum ExecutionProvider {
    /** The runtime's own CPU kernels; always present. */
    CPU,
    /** NVIDIA CUDA. */
    CUDA,
    /** Intel OpenVINO. */
    OPENVINO,
    /** Apple Core ML. */
    COREML,
    /** Qualcomm AI Engine Direct (QNN). */
    QNN;

    /** Parses a provider name, case-insensitively ({@code cpu}, {@code cuda}, {@code openvino}, {@code coreml}, {@code qnn}). */
    public static ExecutionProvider parse(String name) {
        for (ExecutionProvider p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown execution provider '" + name + "'; expected one of cpu, cuda, openvino, coreml, qnn");
    }

    /** Lower-case name for messages and the CLI. */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
