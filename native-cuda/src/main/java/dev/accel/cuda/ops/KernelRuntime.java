package dev.accel.cuda.ops;

import dev.accel.backend.Device;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;

/**
 * What {@link CudaOps} needs from the device layer: addresses of device tensors, kernel launches on the
 * device's op stream, cuBLAS GEMMs and scratch memory. Implemented by the CUDA device (package
 * {@code dev.accel.cuda}); a test double can implement it to check argument packing without a GPU.
 *
 * <p>All work is queued on one stream per device ("the op stream"), in call order.
 */
public interface KernelRuntime {
    /** The CUDA device these ops run on. */
    Device device();

    /**
     * The device address of the view's element 0 ({@code base + offset * itemSize}).
     *
     * @throws dev.accel.AccelException {@code INVALID_ARGUMENT} when {@code t} is not in this device's device memory
     */
    long deviceAddress(Tensor t);

    /**
     * Launches {@code kernel} (an {@code extern "C" __global__} function) from the kernel source resource
     * {@code source} (a file name under {@code /dev/accel/cuda/kernels/}, e.g. {@code "elementwise.cu"}),
     * compiled with NVRTC on first use for this GPU's architecture and cached.
     */
    void launch(String source, String kernel, int gridX, int gridY, int gridZ,
                int blockX, int blockY, int blockZ, int sharedBytes, KernelArg... args);

    /** Queues a GEMM through cuBLAS on the op stream. */
    void gemm(GemmSpec spec);

    /** Device memory for temporaries, from the caching allocator, freed when {@code scope} closes. */
    Memory scratch(MemoryScope scope, long byteSize);

    /** Waits for all work queued on the op stream. */
    void synchronize();
}
