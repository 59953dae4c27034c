/**
 * The CUDA backend: device memory, streams, events, pinned and registered host memory, uploads of mapped
 * files, NVRTC kernels and cuBLAS GEMMs, through {@code java.lang.foreign}. Needs native access
 * ({@code --enable-native-access=dev.accel.bindings,dev.accel.cuda}).
 */
module dev.accel.cuda {
    requires transitive dev.accel.runtime;
    requires dev.accel.bindings;

    exports dev.accel.cuda;
    exports dev.accel.cuda.ops;
    exports dev.accel.cuda.nvrtc;

    provides dev.accel.backend.Backend with dev.accel.cuda.CudaBackend;
}
