package dev.accel.examples.bert.onnx;

/** The numbers of ONNX's {@code TensorProto.DataType} enum (onnx/onnx, {@code onnx/onnx.proto}). */
final class OnnxDataTypes {
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int UINT16 = 4;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int STRING = 8;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int UINT32 = 12;
    static final int UINT64 = 13;
    static final int COMPLEX64 = 14;
    static final int COMPLEX128 = 15;
    static final int BFLOAT16 = 16;

    private static final String[] NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
            "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};

    private OnnxDataTypes() {
    }

    static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "type " + type;
    }

    /** Bytes per element for fixed-size types, 0 for the others (string, sub-byte and unknown types). */
    static int byteSize(int type) {
        return OnnxTensor.dtypeOf(type).map(d -> d.byteSize()).orElse(switch (type) {
            case UINT16 -> 2;
            case UINT32 -> 4;
            case UINT64, COMPLEX64 -> 8;
            case COMPLEX128 -> 16;
            default -> 0;
        });
    }
}
