package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.CStructs;
import dev.accel.qnn.raw.QnnErrors;
import dev.accel.qnn.raw.QnnTypes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A QNN context created from a context binary ({@code QnnContext_createFromBinary}), the graphs
 * retrieved from it, their execution, and shared-memory registration.
 *
 * <p><b>No copy on Accel's side.</b> The binary is passed to QNN as the address and size of the
 * caller's segment (for a model from the store: its read-only file mapping). QNN reads it during
 * {@link #fromBinary} and keeps what it needs in its own memory; the caller may release the bytes once
 * that returns. Execution passes each tensor's address as a client buffer: QNN reads inputs and writes
 * outputs in place.
 *
 * <p><b>Ownership.</b> The context belongs to one open {@link QnnRuntime}, which cannot close before
 * it. {@link #close()} deregisters any shared memory still registered, then frees the context
 * (graphs go with it). Idempotent; afterwards every other method throws {@link IllegalStateException}.
 *
 * <p><b>Threads.</b> Executions of one context are serialized (QNN does not promise that one graph may
 * execute concurrently); {@link #close()} waits for an execution in progress.
 */
public final class QnnContext implements AutoCloseable {
    private final QnnRuntime runtime;
    private final QnnLibrary library;
    private final MemorySegment context;
    private final List<MemorySegment> registered = new ArrayList<>();
    private boolean closed;

    private QnnContext(QnnRuntime runtime, MemorySegment context) {
        this.runtime = runtime;
        this.library = runtime.library();
        this.context = context;
    }

    /**
     * Creates a context from {@code binary} (no copy: QNN is given its address and size).
     *
     * @throws AccelException with the QNN status, e.g. {@code QNN_CONTEXT_ERROR_CREATE_FROM_BINARY} as
     *         {@link ErrorCode#MALFORMED_INPUT} for bytes the backend does not accept
     */
    public static QnnContext fromBinary(QnnRuntime runtime, MemorySegment binary) {
        Objects.requireNonNull(runtime, "runtime");
        if (!binary.isNative()) {
            throw new IllegalArgumentException("a QNN context binary must be in native memory (a mapped file or host memory)");
        }
        runtime.contextOpened();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            long status = (long) runtime.library().function("contextCreateFromBinary").invokeExact(runtime.backendHandle(),
                    runtime.deviceHandle(), MemorySegment.NULL, binary, binary.byteSize(), out, MemorySegment.NULL);
            QnnErrors.check(status, "QnnContext_createFromBinary (" + binary.byteSize() + " bytes) on " + runtime.library());
            return new QnnContext(runtime, out.get(ValueLayout.ADDRESS, 0));
        } catch (Throwable t) {
            runtime.contextClosed();
            throw QnnRuntime.rethrow(t, "QnnContext_createFromBinary");
        }
    }

    /**
     * Retrieves the graph called {@code name}.
     *
     * @throws AccelException {@code QNN_GRAPH_ERROR_GRAPH_DOES_NOT_EXIST} as {@link ErrorCode#INVALID_ARGUMENT}
     */
    public synchronized QnnGraph graph(String name) {
        checkOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            long status = (long) library.function("graphRetrieve").invokeExact(context, arena.allocateFrom(name), out);
            QnnErrors.check(status, "QnnGraph_retrieve of graph '" + name + "'");
            return new QnnGraph(this, name, out.get(ValueLayout.ADDRESS, 0));
        } catch (Throwable t) {
            throw QnnRuntime.rethrow(t, "QnnGraph_retrieve");
        }
    }

    /**
     * Executes {@code graph} with the given tensors. {@code inputs} and {@code outputs} hold one data
     * segment per tensor of the spec, in its order, each exactly the tensor's byte size; outputs must be
     * writable. Blocks until QNN returns.
     */
    synchronized void execute(QnnGraph graph, QnnGraphSpec spec, List<MemorySegment> inputs, List<MemorySegment> outputs) {
        checkOpen();
        if (graph.context() != this) {
            throw new IllegalArgumentException("graph '" + graph.name() + "' belongs to another context");
        }
        checkData("input", spec.inputs(), inputs);
        checkData("output", spec.outputs(), outputs);
        long stride = library.version().tensorLayout().byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(stride * Math.max(1, inputs.size()), 8);
            MemorySegment out = arena.allocate(stride * Math.max(1, outputs.size()), 8);
            for (int i = 0; i < inputs.size(); i++) {
                QnnTensors.write(in.asSlice(i * stride, stride), spec.inputs().get(i), QnnTypes.QNN_TENSOR_TYPE_APP_WRITE, inputs.get(i), arena);
            }
            for (int i = 0; i < outputs.size(); i++) {
                QnnTensors.write(out.asSlice(i * stride, stride), spec.outputs().get(i), QnnTypes.QNN_TENSOR_TYPE_APP_READ, outputs.get(i), arena);
            }
            long status = (long) library.function("graphExecute").invokeExact(graph.handle(), in, inputs.size(), out, outputs.size(),
                    MemorySegment.NULL, MemorySegment.NULL);
            QnnErrors.check(status, "QnnGraph_execute of graph '" + graph.name() + "' on " + library);
        } catch (Throwable t) {
            throw QnnRuntime.rethrow(t, "QnnGraph_execute");
        }
    }

    private static void checkData(String what, List<QnnTensorSpec> specs, List<MemorySegment> data) {
        if (specs.size() != data.size()) {
            throw new IllegalArgumentException("the graph has " + specs.size() + " " + what + "s, " + data.size() + " were given");
        }
        for (int i = 0; i < specs.size(); i++) {
            QnnTensorSpec spec = specs.get(i);
            MemorySegment segment = data.get(i);
            long expected = spec.byteSize().orElseThrow(() -> new AccelException(ErrorCode.UNSUPPORTED,
                    "tensor '" + spec.name() + "' has data type " + QnnDataTypes.name(spec.qnnDataType()) + ", whose size is unknown"));
            if (segment.byteSize() != expected) {
                throw new IllegalArgumentException(what + " '" + spec.name() + "' needs " + expected + " bytes, got " + segment.byteSize());
            }
            if (!segment.isNative()) {
                throw new IllegalArgumentException(what + " '" + spec.name() + "' is not in native memory");
            }
            if (what.equals("output") && segment.isReadOnly()) {
                throw new IllegalArgumentException("output '" + spec.name() + "' is read-only");
            }
        }
    }

    /**
     * Registers a shared-memory buffer (an ION / DMA-BUF file descriptor from {@code rpcmem_alloc} and
     * {@code rpcmem_to_fd} on the device) with this context ({@code QnnMem_register},
     * {@code QNN_MEM_TYPE_ION}), so that a tensor can use it by handle instead of a client buffer. The HTP
     * backend supports it; others answer {@code QNN_COMMON_ERROR_NOT_SUPPORTED}.
     *
     * @param fd          the buffer's file descriptor (kept open by the caller until deregistered)
     * @param shape       the tensor shape the buffer holds
     * @param qnnDataType its {@code Qnn_DataType_t}
     * @return the registration; closing it deregisters ({@code QnnMem_deRegister})
     */
    public synchronized QnnSharedMemory registerIon(int fd, long[] shape, int qnnDataType) {
        checkOpen();
        if (fd < 0) {
            throw new IllegalArgumentException("file descriptor must be >= 0, got " + fd);
        }
        StructLayout d = QnnTypes.MEM_DESCRIPTOR;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment descriptor = arena.allocate(d);
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, shape.length));
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] <= 0 || shape[i] > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("dimension " + i + " must be in 1..2^32-1, got " + shape[i]);
                }
                dims.setAtIndex(ValueLayout.JAVA_INT, i, (int) shape[i]);
            }
            descriptor.set(ValueLayout.JAVA_INT, CStructs.offsetOf(d, "memShape", "numDim"), shape.length);
            descriptor.set(ValueLayout.ADDRESS, CStructs.offsetOf(d, "memShape", "dimSize"), dims);
            descriptor.set(ValueLayout.JAVA_INT, CStructs.offsetOf(d, "dataType"), qnnDataType);
            descriptor.set(ValueLayout.JAVA_INT, CStructs.offsetOf(d, "memType"), QnnTypes.QNN_MEM_TYPE_ION);
            descriptor.set(ValueLayout.JAVA_INT, CStructs.offsetOf(d, "info", "ionInfo", "fd"), fd);
            MemorySegment handleOut = arena.allocate(ValueLayout.ADDRESS);
            long status = (long) library.function("memRegister").invokeExact(context, descriptor, 1, handleOut);
            QnnErrors.check(status, "QnnMem_register of ION buffer fd " + fd + " on " + library);
            MemorySegment handle = handleOut.get(ValueLayout.ADDRESS, 0);
            registered.add(handle);
            return new QnnSharedMemory(this, handle, fd);
        } catch (Throwable t) {
            throw QnnRuntime.rethrow(t, "QnnMem_register");
        }
    }

    synchronized void deregister(MemorySegment handle) {
        if (!registered.remove(handle)) {
            return;
        }
        deregisterNative(handle);
    }

    private void deregisterNative(MemorySegment handle) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handles = arena.allocate(ValueLayout.ADDRESS);
            handles.set(ValueLayout.ADDRESS, 0, handle);
            long status = (long) library.function("memDeRegister").invokeExact(handles, 1);
            QnnErrors.check(status, "QnnMem_deRegister on " + library);
        } catch (Throwable t) {
            throw QnnRuntime.rethrow(t, "QnnMem_deRegister");
        }
    }

    QnnRuntime runtime() {
        return runtime;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("QNN context is closed");
        }
    }

    /** Deregisters remaining shared memory, then frees the context. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            RuntimeException first = null;
            for (MemorySegment handle : List.copyOf(registered)) {
                try {
                    deregisterNative(handle);
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            registered.clear();
            try {
                long status = (long) library.function("contextFree").invokeExact(context, MemorySegment.NULL);
                QnnErrors.check(status, "QnnContext_free on " + library);
            } catch (Throwable t) {
                first = first == null ? QnnRuntime.rethrow(t, "QnnContext_free") : first;
            }
            if (first != null) {
                throw first;
            }
        } finally {
            runtime.contextClosed();
        }
    }

    @Override
    public String toString() {
        return "QnnContext[" + library + (closed ? ", closed" : "") + "]";
    }

    /** A graph retrieved from a {@link QnnContext}; valid while the context is open. */
    public static final class QnnGraph {
        private final QnnContext context;
        private final String name;
        private final MemorySegment handle;

        QnnGraph(QnnContext context, String name, MemorySegment handle) {
            this.context = context;
            this.name = name;
            this.handle = handle;
        }

        public String name() {
            return name;
        }

        QnnContext context() {
            return context;
        }

        MemorySegment handle() {
            return handle;
        }
    }
}
