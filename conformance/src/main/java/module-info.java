/** Skeleton: filled in by its issue. */
module dev.accel.conformance {
    requires transitive dev.accel.runtime;
    requires dev.accel.cpu;
}
