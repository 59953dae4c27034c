/** Skeleton: filled in by its issue. */
module dev.accel.coreml {
    requires transitive dev.accel.runtime;
    requires dev.accel.bindings;
}
