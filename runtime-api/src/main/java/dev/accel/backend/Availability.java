package dev.accel.backend;

import java.util.Objects;

/**
 * Whether a backend can run on this machine, and if not, why: the reason names what was looked for
 * and where (e.g. {@code "libcuda.so.1 not found (tried: ...)"}).
 */
public record Availability(boolean available, String reason) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("an unavailable backend must say why");
        }
    }

    public static Availability ok(String detail) {
        return new Availability(true, detail);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
