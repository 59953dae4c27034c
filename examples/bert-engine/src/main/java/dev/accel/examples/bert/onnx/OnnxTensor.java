package dev.accel.examples.bert.onnx;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One ONNX {@code TensorProto}: an initializer of the graph or the value of a {@code Constant} node. Its data
 * is either {@code raw_data} (little-endian bytes inside the model file, which {@link #view()} exposes
 * without a copy) or one of the typed repeated fields ({@code float_data}, {@code int64_data},
 * {@code int32_data}, {@code double_data}), which were decoded into Java arrays and reach a tensor only by
 * {@link #copyTo(MemoryScope)}.
 */
public final class OnnxTensor {
    private final String name;
    private final int dataType;
    private final long[] dims;
    private final MemorySegment raw;
    private final Object typed;

    OnnxTensor(String name, int dataType, long[] dims, MemorySegment raw, Object typed) {
        this.name = name;
        this.dataType = dataType;
        this.dims = dims;
        this.raw = raw;
        this.typed = typed;
    }

    /** The tensor's name (may be empty for a {@code Constant} node's value). */
    public String name() {
        return name;
    }

    /** The ONNX {@code TensorProto.DataType} number (1 = FLOAT, 7 = INT64, ...). */
    public int onnxDataType() {
        return dataType;
    }

    /** The shape; empty for a scalar. */
    public long[] shape() {
        return dims.clone();
    }

    public long numel() {
        return Shapes.numel(dims);
    }

    /**
     * The Accel dtype of this tensor.
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} for ONNX types Accel has no dtype for (string, complex,
     *         unsigned 16/32/64-bit, float8, int4...)
     */
    public DType dtype() {
        return dtypeOf(dataType).orElseThrow(() -> new AccelException(ErrorCode.UNSUPPORTED, "tensor '" + name + "' has ONNX data type "
                + dataType + " (" + OnnxDataTypes.name(dataType) + "), which has no Accel dtype; supported: FLOAT, DOUBLE, FLOAT16, BFLOAT16,"
                + " INT64, INT32, INT16, INT8, UINT8, BOOL"));
    }

    /** True when the data lies in the model file ({@code raw_data}): {@link #view()} then copies nothing. */
    public boolean isView() {
        return raw != null;
    }

    /**
     * The tensor as a view into the model file's bytes (no copy; valid while the mapping is). The bytes
     * may sit at any alignment: every Accel host kernel reads elements unaligned.
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} when the data is held in a typed field (use
     *         {@link #copyTo}), the dtype is unsupported, or this machine is big-endian
     */
    public Tensor view() {
        if (raw == null) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "tensor '" + name + "' stores its values in a typed protobuf field, not raw_data:"
                    + " there are no bytes to view; use copyTo(scope)");
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN && dtype().byteSize() > 1) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "ONNX raw_data is little-endian; this machine is big-endian, so tensor '" + name
                    + "' cannot be viewed in place");
        }
        return Tensor.wrap(raw, dtype(), dims);
    }

    /** Copies the tensor into new host memory owned by {@code scope} (from raw_data or from the typed field). */
    public Tensor copyTo(MemoryScope scope) {
        DType dtype = dtype();
        if (numel() == 0) {
            return Tensor.zeros(scope, dtype, dims);
        }
        if (raw != null) {
            Tensor out = Tensor.zeros(scope, dtype, dims);
            view().copyTo(out);
            return out;
        }
        return switch (typed) {
            case float[] f when dtype == DType.F32 -> Tensor.copyOf(scope, f, dims);
            case double[] d when dtype == DType.F64 -> Tensor.copyOf(scope, d, dims);
            case long[] l when dtype == DType.I64 -> Tensor.copyOf(scope, l, dims);
            case int[] i when dtype == DType.I32 -> Tensor.copyOf(scope, i, dims);
            case null, default -> throw new AccelException(ErrorCode.UNSUPPORTED, "tensor '" + name + "' (" + OnnxDataTypes.name(dataType)
                    + ") has no raw_data and no typed field Accel reads for that type (float_data for FLOAT, double_data for DOUBLE,"
                    + " int64_data for INT64, int32_data for INT32)");
        };
    }

    /** The address of the first byte in the file, for checks that a view really lies inside the mapping. */
    public long rawAddress() {
        if (raw == null) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "tensor '" + name + "' has no raw_data");
        }
        return raw.address();
    }

    static java.util.Optional<DType> dtypeOf(int onnx) {
        return java.util.Optional.ofNullable(switch (onnx) {
            case OnnxDataTypes.FLOAT -> DType.F32;
            case OnnxDataTypes.UINT8 -> DType.U8;
            case OnnxDataTypes.INT8 -> DType.I8;
            case OnnxDataTypes.INT16 -> DType.I16;
            case OnnxDataTypes.INT32 -> DType.I32;
            case OnnxDataTypes.INT64 -> DType.I64;
            case OnnxDataTypes.BOOL -> DType.BOOL;
            case OnnxDataTypes.FLOAT16 -> DType.F16;
            case OnnxDataTypes.DOUBLE -> DType.F64;
            case OnnxDataTypes.BFLOAT16 -> DType.BF16;
            default -> null;
        });
    }

    @Override
    public String toString() {
        return "OnnxTensor[" + name + ", " + OnnxDataTypes.name(dataType) + Arrays.toString(dims) + (raw != null ? ", raw " + raw.byteSize() + " bytes" : ", typed") + "]";
    }
}
