/**
 * The hardware conformance kit: one suite that every backend runs, found through the {@code Backend}
 * SPI, comparing each op with a float64 reference and checking memory, streams, events and placement.
 * See {@code docs/conformance.md} and {@code docs/backend-guide.md}.
 */
module dev.accel.conformance {
    requires transitive dev.accel.runtime;
    // the CPU backend is always present next to the kit, so that `Backends.all()` finds a reference device
    requires dev.accel.cpu;

    exports dev.accel.conformance;
}
