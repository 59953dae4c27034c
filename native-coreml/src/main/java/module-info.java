/**
 * Apple CoreML/Metal backend and model runtime through Accel's Objective-C shim (see package
 * {@code dev.accel.coreml}).
 */
module dev.accel.coreml {
    requires transitive dev.accel.runtime;
    requires dev.accel.bindings;

    exports dev.accel.coreml;

    provides dev.accel.backend.Backend with dev.accel.coreml.CoremlBackend;
    provides dev.accel.model.ModelRuntime with dev.accel.coreml.CoremlModelRuntime;
}
