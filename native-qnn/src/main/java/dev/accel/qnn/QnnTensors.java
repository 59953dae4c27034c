package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.bindings.CStructs;
import dev.accel.qnn.raw.QnnTypes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes {@code Qnn_Tensor_t}. Writing always produces a {@code QNN_TENSOR_VERSION_1} tensor
 * (understood by every core API 2.x backend) with {@code QNN_TENSORMEMTYPE_RAW} memory: the client
 * buffer points at the caller's bytes, nothing is copied. Reading accepts versions 1 and 2, whose
 * members up to the memory union sit at the same offsets.
 */
final class QnnTensors {
    private QnnTensors() {
    }

    private static final StructLayout T = QnnTypes.TENSOR;
    private static final long V = CStructs.offsetOf(T, "v", "v1");
    private static final StructLayout V1 = QnnTypes.TENSOR_V1;

    private static long at(String... path) {
        return V + CStructs.offsetOf(V1, path);
    }

    /** The largest tensor {@code Qnn_ClientBuffer_t.dataSize} (a {@code uint32_t}) can describe. */
    static final long MAX_CLIENT_BUFFER_BYTES = 0xFFFF_FFFFL;

    /** Copies the description of the tensor at {@code tensor} (a {@code Qnn_Tensor_t}, version 1 or 2) into Java. */
    static QnnTensorSpec read(MemorySegment tensor) {
        int version = tensor.get(ValueLayout.JAVA_INT, 0);
        if (version != QnnTypes.QNN_TENSOR_VERSION_1 && version != QnnTypes.QNN_TENSOR_VERSION_2) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "Qnn_Tensor_t version " + version + " is not one this binding reads (1 or 2)");
        }
        int id = tensor.get(ValueLayout.JAVA_INT, at("id"));
        String name = QnnSystemLibrary.cString(tensor.get(ValueLayout.ADDRESS, at("name")));
        int type = tensor.get(ValueLayout.JAVA_INT, at("type"));
        int dataType = tensor.get(ValueLayout.JAVA_INT, at("dataType"));
        int rank = tensor.get(ValueLayout.JAVA_INT, at("rank"));
        MemorySegment dims = tensor.get(ValueLayout.ADDRESS, at("dimensions"));
        if (rank < 0 || rank > 16 || (rank > 0 && dims.equals(MemorySegment.NULL))) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "tensor '" + name + "' has rank " + rank + " and dimensions " + dims);
        }
        long[] shape = new long[rank];
        MemorySegment d = rank == 0 ? MemorySegment.NULL : dims.reinterpret(4L * rank);
        for (int i = 0; i < rank; i++) {
            shape[i] = Integer.toUnsignedLong(d.getAtIndex(ValueLayout.JAVA_INT, i));
        }
        byte[] quantize = tensor.asSlice(at("quantizeParams"), QnnTypes.QUANTIZE_PARAMS.byteSize()).toArray(ValueLayout.JAVA_BYTE);
        return new QnnTensorSpec(id, name, type, dataType, shape, quantize);
    }

    /**
     * Writes a version-1 tensor into {@code tensor} that describes {@code spec} with its bytes at
     * {@code data}; the name and dimensions are copied into {@code arena}, which must outlive the call
     * that reads the tensor.
     */
    static void write(MemorySegment tensor, QnnTensorSpec spec, int tensorType, MemorySegment data, Arena arena) {
        if (data.byteSize() > MAX_CLIENT_BUFFER_BYTES) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "tensor '" + spec.name() + "' has " + data.byteSize()
                    + " bytes; QNN client buffers hold at most " + MAX_CLIENT_BUFFER_BYTES + " (uint32_t dataSize)");
        }
        tensor.fill((byte) 0);
        tensor.set(ValueLayout.JAVA_INT, 0, QnnTypes.QNN_TENSOR_VERSION_1);
        tensor.set(ValueLayout.JAVA_INT, at("id"), spec.id());
        tensor.set(ValueLayout.ADDRESS, at("name"), arena.allocateFrom(spec.name()));
        tensor.set(ValueLayout.JAVA_INT, at("type"), tensorType);
        tensor.set(ValueLayout.JAVA_INT, at("dataFormat"), QnnTypes.QNN_TENSOR_DATA_FORMAT_FLAT_BUFFER);
        tensor.set(ValueLayout.JAVA_INT, at("dataType"), spec.qnnDataType());
        MemorySegment.copy(spec.quantizeParams(), 0, tensor, ValueLayout.JAVA_BYTE, at("quantizeParams"), spec.quantizeParams().length);
        long[] shape = spec.dimensions();
        tensor.set(ValueLayout.JAVA_INT, at("rank"), shape.length);
        if (shape.length > 0) {
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_INT, shape.length);
            for (int i = 0; i < shape.length; i++) {
                dims.setAtIndex(ValueLayout.JAVA_INT, i, (int) shape[i]);
            }
            tensor.set(ValueLayout.ADDRESS, at("dimensions"), dims);
        }
        tensor.set(ValueLayout.JAVA_INT, at("memType"), QnnTypes.QNN_TENSORMEMTYPE_RAW);
        tensor.set(ValueLayout.ADDRESS, at("memory", "clientBuf", "data"), data);
        tensor.set(ValueLayout.JAVA_INT, at("memory", "clientBuf", "dataSize"), (int) data.byteSize());
    }
}
