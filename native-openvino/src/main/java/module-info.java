/**
 * The OpenVINO backend and model runtime over OpenVINO's C API ({@code libopenvino_c}), loaded when
 * the runtime is installed; see {@link dev.accel.openvino}.
 */
module dev.accel.openvino {
    requires transitive dev.accel.runtime;
    requires dev.accel.bindings;

    exports dev.accel.openvino;

    provides dev.accel.backend.Backend with dev.accel.openvino.OpenVinoBackend;
    provides dev.accel.model.ModelRuntime with dev.accel.openvino.OpenVinoModelRuntime;
}
