package dev.accel.conformance;

/** The outcome of one conformance check. */
public enum Status {
    /** The device's result matched the reference within the dtype's tolerance. */
    PASS,
    /** Wrong numbers, a wrong error, or a crash-free misbehaviour; the row's detail says what. */
    FAIL,
    /** The device says it does not support the op for the dtype, and calling it anyway threw {@code UNSUPPORTED}. */
    UNSUPPORTED,
    /** Not run, with the reason (backend unavailable, capability absent, semantics not defined by the contract). */
    SKIPPED;

    /** Lower-case label used in tables and JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
