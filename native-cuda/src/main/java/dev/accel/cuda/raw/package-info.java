/**
 * Raw bindings to the CUDA driver API ({@code libcuda.so.1}), NVRTC and cuBLAS: one method handle per C
 * function, called with addresses and returning the library's status number unchecked. Internal: nothing
 * here is exported; the checked layer ({@code dev.accel.cuda}, {@code dev.accel.cuda.nvrtc}) calls these
 * and turns every status into an {@link dev.accel.AccelException} through {@link dev.accel.cuda.raw.CudaStatus}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Hand-written from the CUDA 13.0 headers ({@code cuda.h}, {@code nvrtc.h}, {@code cublas_api.h},
 *       {@code library_types.h}); each table of {@link dev.accel.cuda.raw.NativeFunction}s is checked against
 *       those headers by {@code HeaderConformanceTest} whenever the headers are installed. Symbols are the
 *       names the headers' {@code #define}s resolve to ({@code cuMemAlloc} is {@code cuMemAlloc_v2}); the
 *       per-thread-default-stream variants ({@code _ptsz}) are never used: every call names its stream.</li>
 *   <li>C {@code int}, {@code unsigned int} and enums are Java {@code int}; {@code size_t},
 *       {@code CUdeviceptr} and {@code long long} are {@code long}; handles ({@code CUstream}, {@code CUevent},
 *       {@code CUmodule}, {@code cublasHandle_t}, ...) and pointers are {@link java.lang.foreign.MemorySegment}.</li>
 *   <li>Every wrapper returns the raw status and never throws for a failing status; a {@link java.lang.Throwable}
 *       from the linker itself (a closed library) is rethrown unchecked.</li>
 *   <li>Thread-safe: method handles are immutable. CUDA's own rule applies: driver calls act on the calling
 *       thread's current context, which the checked layer sets.</li>
 * </ul>
 */
package dev.accel.cuda.raw;
