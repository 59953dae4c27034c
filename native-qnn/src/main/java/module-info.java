/** Skeleton: filled in by its issue. */
module dev.accel.qnn {
    requires transitive dev.accel.runtime;
    requires dev.accel.bindings;
}
