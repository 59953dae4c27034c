package dev.accel.conformance;

/** Thrown by a case that cannot run on this device (a prerequisite it does not claim); the row is SKIPPED with the message. */
final class CaseSkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CaseSkipped(String reason) {
        super(reason, null, false, false);
    }
}
