package dev.accel.cuda.ops;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

/**
 * Launch geometry on top of a {@link KernelRuntime}. Elementwise kernels use {@value #THREADS} threads per
 * block and at most {@value #MAX_GRID} blocks (their loops are grid-stride, so any grid covers any size);
 * row kernels use one block per row. Nothing is launched for zero work.
 */
final class Launcher {
    static final int THREADS = 256;
    static final int MAX_GRID = 65535;
    static final int MAX_ROW_THREADS = 1024;
    /**
     * The largest element count a 32-bit-index ({@code _i32}) kernel takes: its index plus one grid stride
     * ({@code MAX_GRID * MAX_ROW_THREADS} at most) must stay below 2^31.
     */
    static final long INT_INDEX_LIMIT = Integer.MAX_VALUE - (long) MAX_GRID * MAX_ROW_THREADS;

    final KernelRuntime runtime;

    Launcher(KernelRuntime runtime) {
        this.runtime = runtime;
    }

    /** Blocks of {@link #THREADS} threads for {@code work} items, capped at {@link #MAX_GRID}. */
    static int blocks(long work) {
        return (int) Math.min((work + THREADS - 1) / THREADS, MAX_GRID);
    }

    /** Whether a kernel over {@code numel} elements needs 64-bit indexing. */
    static boolean wideIndex(long numel) {
        return numel > INT_INDEX_LIMIT;
    }

    /** Threads for one block over a row of {@code d} elements: the power of two >= d, from 32 to 1024. */
    static int rowThreads(long d) {
        int t = 32;
        while (t < d && t < MAX_ROW_THREADS) {
            t <<= 1;
        }
        return t;
    }

    /** One-dimensional grid-stride launch over {@code work} items; none when {@code work <= 0}. */
    void grid(Kernel k, long work, KernelArg... args) {
        if (work <= 0) {
            return;
        }
        runtime.launch(k.source.fileName, k.entry, blocks(work), 1, 1, THREADS, 1, 1, 0, args);
    }

    /** One block of {@code threads} per row, grid-stride over {@code rows}; none when {@code rows <= 0}. */
    void rows(Kernel k, long rows, int threads, KernelArg... args) {
        if (rows <= 0) {
            return;
        }
        runtime.launch(k.source.fileName, k.entry, (int) Math.min(rows, MAX_GRID), 1, 1, threads, 1, 1, 0, args);
    }

    /** The device address of {@code t}'s element {@code elementOffset} (relative to the view's element 0). */
    long address(Tensor t, long elementOffset) {
        return runtime.deviceAddress(t) + elementOffset * t.dtype().byteSize();
    }

    /** Temporaries for one op: contiguous device tensors from {@link KernelRuntime#scratch}. */
    Temps temps() {
        return new Temps();
    }

    /**
     * Scratch tensors freed together. Closing synchronizes the op stream first when any was handed out, so
     * that no queued kernel can still use memory the allocator takes back.
     */
    final class Temps implements AutoCloseable {
        private final MemoryScope scope = MemoryScope.confined();
        private boolean used;

        /** A new contiguous device tensor (contents undefined). */
        Tensor tensor(DType dtype, long... shape) {
            used = true;
            long bytes = Math.max(1, Math.multiplyExact(Shapes.numel(shape), dtype.byteSize()));
            return Tensor.view(runtime.scratch(scope, bytes), dtype, shape, Shapes.contiguousStrides(shape), 0);
        }

        /** Waits for the op stream now; closing then needs no second wait unless more scratch is taken. */
        void synchronize() {
            runtime.synchronize();
            used = false;
        }

        /** A host scope for reading results back. */
        MemoryScope hostScope() {
            return scope;
        }

        @Override
        public void close() {
            try {
                if (used) {
                    runtime.synchronize();
                }
            } finally {
                scope.close();
            }
        }
    }
}
