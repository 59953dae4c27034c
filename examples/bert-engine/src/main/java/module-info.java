/** Skeleton: filled in by its issue. */
module dev.accel.examples.bert {
    requires transitive dev.accel.runtime;
}
