/** Skeleton: filled in by its issue. */
module dev.accel.openvino {
    requires transitive dev.accel.runtime;
    requires dev.accel.bindings;
}
