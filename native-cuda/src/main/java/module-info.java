/** Skeleton: filled in by its issue. */
module dev.accel.cuda {
    requires transitive dev.accel.runtime;
    requires dev.accel.bindings;
}
