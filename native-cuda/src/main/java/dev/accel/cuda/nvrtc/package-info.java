/**
 * Run-time compilation of CUDA C kernels with NVRTC, and the on-disk cache of compiled images.
 * {@link dev.accel.cuda.nvrtc.KernelSource} is a program with the headers it includes by name (NVRTC gets
 * them in memory, no include directory); {@link dev.accel.cuda.nvrtc.NvrtcCompiler} compiles it to CUBIN
 * ({@code sm_XY}) or PTX ({@code compute_XY}); {@link dev.accel.cuda.nvrtc.KernelCache} stores each image
 * under a name derived from the SHA-256 of the source, every header's include name and text, and the compile
 * options, then the NVRTC version and the architecture: a changed header is a new file.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Nothing here needs a CUDA driver or a GPU: NVRTC is a compiler library.</li>
 *   <li>A compile error throws {@link dev.accel.AccelException} ({@code NATIVE_ERROR},
 *       {@code NVRTC_ERROR_COMPILATION}) whose message holds NVRTC's log.</li>
 *   <li>Classes are thread-safe; {@code NvrtcCompiler} owns the loaded library and is {@link AutoCloseable}.</li>
 * </ul>
 */
package dev.accel.cuda.nvrtc;
