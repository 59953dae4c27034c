/**
 * Qualcomm QNN backend and model runtime over QNN's C API (see package {@code dev.accel.qnn}).
 */
module dev.accel.qnn {
    requires transitive dev.accel.runtime;
    requires dev.accel.bindings;

    exports dev.accel.qnn;

    provides dev.accel.backend.Backend with dev.accel.qnn.QnnBackend;
    provides dev.accel.model.ModelRuntime with dev.accel.qnn.QnnModelRuntime;
}
