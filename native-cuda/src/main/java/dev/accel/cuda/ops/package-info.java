/**
 * The CUDA backend's ops: {@link dev.accel.cuda.ops.CudaOps} implements {@link dev.accel.backend.Ops} with
 * kernels in CUDA C and cuBLAS GEMMs, on top of the {@link dev.accel.cuda.ops.KernelRuntime} the CUDA device
 * provides (addresses, launches, GEMMs, scratch memory, synchronization).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Kernel sources are resources {@code /dev/accel/cuda/kernels/*.cu}: {@code extern "C" __global__}
 *       functions and no host code. Each starts with {@code #include "accel_prelude.cuh"}, its only include:
 *       the prelude, one header resource beside the sources, holds the descriptor struct, the dtype and op
 *       codes ({@code DTypeCode}, {@code OpCode}) and the conversions of {@link dev.accel.backend.Ops#cast}.
 *       The prelude includes nothing (f16 conversions are PTX {@code cvt}), so that any NVRTC compiles the
 *       sources at run time; NVRTC gets it as a named header
 *       ({@link dev.accel.cuda.CudaKernels#kernelSource}), {@code nvcc -ptx} and the host emulation in the
 *       tests through {@code -I}. Its text is part of the kernel cache key. Tests read the header and check
 *       its numbers against {@code DTypeCode}, {@code OpCode} and {@code StridedDesc}.</li>
 *   <li>Strided operands are passed as a by-value descriptor of at most 8 axes (shape and strides in elements,
 *       stride 0 for broadcast axes) after collapsing contiguous axes; higher ranks are processed in pieces.
 *       Contiguous operands of the same shape take fast paths (16-byte vector loads where aligned).</li>
 *   <li>Launches: grid-stride loops, 256 threads per block, at most 65535 blocks; one block per row for row
 *       ops (at most 1024 threads); nothing is launched for empty tensors. Kernels over fewer than about
 *       2^31 elements index with 32-bit integers, larger ones with 64-bit.</li>
 *   <li>Semantics, validation and error codes are the CPU backend's ({@code dev.accel.cpu.CpuOps}); float ops
 *       compute in f32 (f64 when an operand is f64), so f16/bf16 results may differ from the CPU's float64
 *       path by one rounding.</li>
 *   <li>All work is queued on the device's op stream in call order; ops do not wait for it, except gather,
 *       which synchronizes to check its indices, and ops that used scratch memory, which synchronize before
 *       giving it back.</li>
 * </ul>
 */
package dev.accel.cuda.ops;
