package dev.accel.qnn;

import dev.accel.tensor.DType;

import java.util.Map;
import java.util.Optional;

import static dev.accel.qnn.raw.QnnTypes.*;

/**
 * {@code Qnn_DataType_t} and Accel's {@link DType}. Fixed-point (quantized) types map to the integer
 * dtype of the same storage: the caller quantizes with the scale and offset the model declares (listed in
 * the session's metadata). Types without an Accel dtype of the same storage (unsigned 16/32/64-bit,
 * 32-bit fixed point) are reported by name and refused when a session opens.
 */
final class QnnDataTypes {
    private QnnDataTypes() {
    }

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(QNN_DATATYPE_INT_8, "QNN_DATATYPE_INT_8"), Map.entry(QNN_DATATYPE_INT_16, "QNN_DATATYPE_INT_16"),
            Map.entry(QNN_DATATYPE_INT_32, "QNN_DATATYPE_INT_32"), Map.entry(QNN_DATATYPE_INT_64, "QNN_DATATYPE_INT_64"),
            Map.entry(QNN_DATATYPE_UINT_8, "QNN_DATATYPE_UINT_8"), Map.entry(QNN_DATATYPE_UINT_16, "QNN_DATATYPE_UINT_16"),
            Map.entry(QNN_DATATYPE_UINT_32, "QNN_DATATYPE_UINT_32"), Map.entry(QNN_DATATYPE_UINT_64, "QNN_DATATYPE_UINT_64"),
            Map.entry(QNN_DATATYPE_FLOAT_16, "QNN_DATATYPE_FLOAT_16"), Map.entry(QNN_DATATYPE_FLOAT_32, "QNN_DATATYPE_FLOAT_32"),
            Map.entry(QNN_DATATYPE_FLOAT_64, "QNN_DATATYPE_FLOAT_64"),
            Map.entry(QNN_DATATYPE_SFIXED_POINT_8, "QNN_DATATYPE_SFIXED_POINT_8"),
            Map.entry(QNN_DATATYPE_SFIXED_POINT_16, "QNN_DATATYPE_SFIXED_POINT_16"),
            Map.entry(QNN_DATATYPE_SFIXED_POINT_32, "QNN_DATATYPE_SFIXED_POINT_32"),
            Map.entry(QNN_DATATYPE_UFIXED_POINT_8, "QNN_DATATYPE_UFIXED_POINT_8"),
            Map.entry(QNN_DATATYPE_UFIXED_POINT_16, "QNN_DATATYPE_UFIXED_POINT_16"),
            Map.entry(QNN_DATATYPE_UFIXED_POINT_32, "QNN_DATATYPE_UFIXED_POINT_32"),
            Map.entry(QNN_DATATYPE_BOOL_8, "QNN_DATATYPE_BOOL_8"));

    private static final Map<Integer, DType> DTYPES = Map.ofEntries(
            Map.entry(QNN_DATATYPE_INT_8, DType.I8), Map.entry(QNN_DATATYPE_INT_16, DType.I16),
            Map.entry(QNN_DATATYPE_INT_32, DType.I32), Map.entry(QNN_DATATYPE_INT_64, DType.I64),
            Map.entry(QNN_DATATYPE_UINT_8, DType.U8), Map.entry(QNN_DATATYPE_FLOAT_16, DType.F16),
            Map.entry(QNN_DATATYPE_FLOAT_32, DType.F32), Map.entry(QNN_DATATYPE_FLOAT_64, DType.F64),
            Map.entry(QNN_DATATYPE_SFIXED_POINT_8, DType.I8), Map.entry(QNN_DATATYPE_SFIXED_POINT_16, DType.I16),
            Map.entry(QNN_DATATYPE_UFIXED_POINT_8, DType.U8), Map.entry(QNN_DATATYPE_BOOL_8, DType.BOOL));

    /** The matching dtype, if Accel has one of the same storage. */
    static Optional<DType> dtype(int qnnDataType) {
        return Optional.ofNullable(DTYPES.get(qnnDataType));
    }

    /** Bytes per element, from the type's low byte (bits: 0x08 = 8, 0x16 = 16, 0x32 = 32, 0x64 = 64). */
    static Optional<Long> elementSize(int qnnDataType) {
        if (!NAMES.containsKey(qnnDataType)) {
            return Optional.empty();
        }
        return Optional.of(switch (qnnDataType & 0xFF) {
            case 0x08 -> 1L;
            case 0x16 -> 2L;
            case 0x32 -> 4L;
            default -> 8L;
        });
    }

    /** True for the fixed-point (quantized) types. */
    static boolean isFixedPoint(int qnnDataType) {
        int family = qnnDataType >> 8;
        return NAMES.containsKey(qnnDataType) && (family == 3 || family == 4);
    }

    /** The vendor name, or {@code Qnn_DataType_t(0x...)} for a value this binding does not know. */
    static String name(int qnnDataType) {
        String name = NAMES.get(qnnDataType);
        return name != null ? name : "Qnn_DataType_t(0x" + Integer.toHexString(qnnDataType) + ")";
    }
}
