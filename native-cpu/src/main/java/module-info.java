/**
 * The reference CPU backend: host memory, synchronous streams, and every {@link dev.accel.backend.Ops} op
 * in Java with Vector API kernels (no native access), and ONNX models on ONNX Runtime (package
 * {@code dev.accel.cpu.onnx}, which loads ONNX Runtime's native libraries through JNI).
 */
module dev.accel.cpu {
    requires transitive dev.accel.runtime;
    requires jdk.incubator.vector;
    requires jdk.management;
    // ONNX Runtime's jar is an automatic module (Automatic-Module-Name: com.microsoft.onnxruntime).
    requires com.microsoft.onnxruntime;

    exports dev.accel.cpu;
    exports dev.accel.cpu.onnx;

    provides dev.accel.backend.Backend with dev.accel.cpu.CpuBackend;
    provides dev.accel.model.ModelRuntime with dev.accel.cpu.onnx.OnnxModelRuntime;
}
