package dev.accel.coreml;

import dev.accel.coreml.raw.CoremlAbi;
import dev.accel.tensor.DType;

import java.util.Arrays;
import java.util.Optional;

/**
 * One input or output of a CoreML model, as its {@code MLModelDescription} says.
 *
 * @param name         the feature's name
 * @param isMultiArray whether it is an {@code MLMultiArray} (the only feature type Accel binds)
 * @param dataType     its {@code MLMultiArrayDataType} raw value
 * @param shape        its shape; 0 where the model leaves the size flexible
 */
public record CoremlFeature(String name, boolean isMultiArray, int dataType, long[] shape) {
    public CoremlFeature {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The matching Accel dtype: FLOAT32, FLOAT16, FLOAT64 and INT32 have one. */
    public Optional<DType> dtype() {
        return dtype(dataType);
    }

    static Optional<DType> dtype(int dataType) {
        return Optional.ofNullable(switch (dataType) {
            case CoremlAbi.ACCEL_COREML_FLOAT32 -> DType.F32;
            case CoremlAbi.ACCEL_COREML_FLOAT16 -> DType.F16;
            case CoremlAbi.ACCEL_COREML_FLOAT64 -> DType.F64;
            case CoremlAbi.ACCEL_COREML_INT32 -> DType.I32;
            default -> null;
        });
    }

    static Optional<Integer> dataType(DType dtype) {
        return Optional.ofNullable(switch (dtype) {
            case F32 -> CoremlAbi.ACCEL_COREML_FLOAT32;
            case F16 -> CoremlAbi.ACCEL_COREML_FLOAT16;
            case F64 -> CoremlAbi.ACCEL_COREML_FLOAT64;
            case I32 -> CoremlAbi.ACCEL_COREML_INT32;
            default -> null;
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoremlFeature f && name.equals(f.name) && isMultiArray == f.isMultiArray && dataType == f.dataType
                && Arrays.equals(shape, f.shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + (isMultiArray ? dtype().map(DType::toString).orElse("type " + dataType) + Arrays.toString(shape) : "not a multi-array");
    }
}
