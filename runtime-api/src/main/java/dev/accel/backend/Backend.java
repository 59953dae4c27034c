package dev.accel.backend;

import java.util.List;

/**
 * One native runtime (CPU, CUDA, OpenVINO, ...), found by {@link java.util.ServiceLoader}. This is the
 * SPI a backend module implements and declares with {@code provides dev.accel.backend.Backend with ...}.
 *
 * <p>Implementations must be cheap to construct and must never throw from the constructor or from
 * {@link #availability()}: probing for the vendor library happens lazily and its failure is reported
 * as an {@link Availability} with the reason.
 */
public interface Backend {
    /** Short lower-case name used in device specs and reports: {@code cpu}, {@code cuda}, ... */
    String name();

    /** Whether this backend can run here, with the reason when it cannot. Never throws. */
    Availability availability();

    /**
     * The devices this backend drives on this machine; empty when unavailable.
     */
    List<Device> devices();

    /**
     * Preference for automatic device choice: higher wins among available backends. CPU is 0; a
     * discrete GPU backend should return 100 or more.
     */
    int score();
}
