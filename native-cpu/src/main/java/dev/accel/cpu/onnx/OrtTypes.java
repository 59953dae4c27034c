package dev.accel.cpu.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.ValueInfo;
import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.NativeStatus;
import dev.accel.model.Dim;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.TensorInfo;
import dev.accel.tensor.DType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Translations between ONNX Runtime's Java types and Accel's: dtypes, metadata, providers, errors. */
final class OrtTypes {
    /** The library named in {@link NativeStatus} of ONNX Runtime failures. */
    static final String LIBRARY = "onnxruntime";

    private OrtTypes() {
    }

    static OnnxJavaType javaType(DType dtype) {
        return switch (dtype) {
            case F64 -> OnnxJavaType.DOUBLE;
            case F32 -> OnnxJavaType.FLOAT;
            case F16 -> OnnxJavaType.FLOAT16;
            case BF16 -> OnnxJavaType.BFLOAT16;
            case I64 -> OnnxJavaType.INT64;
            case I32 -> OnnxJavaType.INT32;
            case I16 -> OnnxJavaType.INT16;
            case I8 -> OnnxJavaType.INT8;
            case U8 -> OnnxJavaType.UINT8;
            case BOOL -> OnnxJavaType.BOOL;
        };
    }

    /** The Accel dtype of an ONNX Runtime tensor, or {@link ErrorCode#UNSUPPORTED} naming the ONNX type. */
    static DType dtype(ai.onnxruntime.TensorInfo info, String what) {
        return switch (info.type) {
            case DOUBLE -> DType.F64;
            case FLOAT -> DType.F32;
            case FLOAT16 -> DType.F16;
            case BFLOAT16 -> DType.BF16;
            case INT64 -> DType.I64;
            case INT32 -> DType.I32;
            case INT16 -> DType.I16;
            case INT8 -> DType.I8;
            case UINT8 -> DType.U8;
            case BOOL -> DType.BOOL;
            case STRING, UNKNOWN -> throw new AccelException(ErrorCode.UNSUPPORTED, what + " has ONNX element type "
                    + info.onnxType + ", which Accel tensors cannot carry (supported: f64 f32 f16 bf16 i64 i32 i16 i8 u8 bool)");
        };
    }

    /** Converts ONNX Runtime's input or output metadata, in the model's order. */
    static List<TensorInfo> infos(Map<String, NodeInfo> nodes, String kind) {
        List<TensorInfo> out = new ArrayList<>(nodes.size());
        for (NodeInfo node : nodes.values()) {
            String what = kind + " '" + node.getName() + "'";
            ValueInfo value = node.getInfo();
            if (!(value instanceof ai.onnxruntime.TensorInfo t)) {
                throw new AccelException(ErrorCode.UNSUPPORTED, what + " is a " + value.getClass().getSimpleName()
                        + " (" + value + "); only tensor inputs and outputs are supported");
            }
            long[] shape = t.getShape();
            String[] names = t.getDimensionNames();
            List<Dim> dims = new ArrayList<>(shape.length);
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] >= 0) {
                    dims.add(Dim.of(shape[d]));
                } else {
                    String name = names != null && d < names.length && names[d] != null && !names[d].isBlank() ? names[d] : Dim.Symbolic.ANONYMOUS;
                    dims.add(Dim.named(name));
                }
            }
            out.add(new TensorInfo(node.getName(), dtype(t, what), dims));
        }
        return List.copyOf(out);
    }

    static OrtProvider ortProvider(ExecutionProvider p) {
        return switch (p) {
            case CPU -> OrtProvider.CPU;
            case CUDA -> OrtProvider.CUDA;
            case OPENVINO -> OrtProvider.OPEN_VINO;
            case COREML -> OrtProvider.CORE_ML;
            case QNN -> OrtProvider.QNN;
        };
    }

    static NativeStatus status(OrtException e) {
        OrtException.OrtErrorCode code = e.getCode();
        // OrtErrorCode numbers its constants from ORT_JAVA_UNKNOWN (-1), ORT_OK (0), ... in declaration order.
        return new NativeStatus(LIBRARY, code.name(), code == OrtException.OrtErrorCode.ORT_JAVA_UNKNOWN ? -1 : code.ordinal() - 1);
    }

    /** Wraps an ONNX Runtime failure, keeping its status name and number. */
    static AccelException error(ErrorCode code, String whatFailed, OrtException e) {
        return new AccelException(code, whatFailed + ": " + e.getMessage(), status(e), e);
    }
}
