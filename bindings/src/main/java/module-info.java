/**
 * The shared Foreign Function &amp; Memory plumbing of Accel's native backends: finding and loading
 * vendor libraries, linking their functions, mapping their status codes to exceptions, laying out
 * their structs and handing them Java callbacks. See {@link dev.accel.bindings} for the rules.
 */
module dev.accel.bindings {
    requires transitive dev.accel.runtime;

    exports dev.accel.bindings;
}
