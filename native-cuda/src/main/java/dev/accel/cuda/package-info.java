/**
 * The CUDA backend over the runtime's SPI: {@link dev.accel.cuda.CudaBackend} (found by
 * {@link java.util.ServiceLoader}), {@link dev.accel.cuda.CudaDevice} ({@code cuda:N}),
 * {@link dev.accel.cuda.CudaStream} and {@link dev.accel.cuda.CudaEvent}, the
 * {@link dev.accel.cuda.CachingAllocator} for device memory, pinned and registered host memory
 * ({@link dev.accel.cuda.HostRegistration}), uploads of mapped files ({@link dev.accel.cuda.CudaUploader}) and
 * the {@link dev.accel.cuda.ops.KernelRuntime} the ops run on ({@link dev.accel.cuda.CudaKernels}).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Nothing here throws while a class loads or while the backend is constructed; a missing driver, NVRTC or
 *       cuBLAS makes the backend unavailable with the reason ({@link dev.accel.cuda.CudaLibraries} says where
 *       each is looked for).</li>
 *   <li>Every CUDA status is checked; a failure throws {@link dev.accel.AccelException} with the vendor's name
 *       and number ({@code CUDA_ERROR_OUT_OF_MEMORY (2) from cuda}) and what was being done.</li>
 *   <li>Device and pinned memory belong to a {@link dev.accel.memory.MemoryScope}: closing the scope returns
 *       device blocks to the caching allocator (reused after the work queued on the op stream at that time is
 *       done) and frees pinned memory. {@link dev.accel.cuda.CudaDevice#emptyCache()} frees cached blocks.</li>
 *   <li>Streams, events and registrations are {@link AutoCloseable}, closing is idempotent, use after close
 *       throws {@link IllegalStateException}.</li>
 *   <li>Threads: devices may be used from any thread (each call makes the device's primary context current on
 *       the calling thread); one stream's calls should come from one thread at a time.</li>
 * </ul>
 */
package dev.accel.cuda;
