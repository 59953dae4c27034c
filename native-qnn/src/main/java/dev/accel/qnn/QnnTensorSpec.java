package dev.accel.qnn;

import dev.accel.tensor.DType;

import java.util.Arrays;
import java.util.Optional;

/**
 * One input or output of a graph in a QNN context binary, as {@code libQnnSystem.so} describes it:
 * copied out of QNN's memory, so it stays valid after the system context is freed.
 *
 * @param id             the tensor's id in the graph
 * @param name           its name
 * @param tensorType     {@code Qnn_TensorType_t} ({@code QNN_TENSOR_TYPE_APP_WRITE} = 0 for inputs, {@code APP_READ} = 1 for outputs)
 * @param qnnDataType    {@code Qnn_DataType_t}, e.g. {@code QNN_DATATYPE_FLOAT_32} = 0x0232
 * @param dimensions     its fixed shape
 * @param quantizeParams the 40 bytes of its {@code Qnn_QuantizeParams_t}, passed back unchanged to {@code graphExecute}
 */
public record QnnTensorSpec(int id, String name, int tensorType, int qnnDataType, long[] dimensions, byte[] quantizeParams) {
    public QnnTensorSpec {
        dimensions = dimensions.clone();
        quantizeParams = quantizeParams.clone();
    }

    @Override
    public long[] dimensions() {
        return dimensions.clone();
    }

    @Override
    public byte[] quantizeParams() {
        return quantizeParams.clone();
    }

    /** The Accel dtype whose bytes match this tensor's element storage, if there is one. */
    public Optional<DType> dtype() {
        return QnnDataTypes.dtype(qnnDataType);
    }

    /** Bytes of the whole tensor, when its element size is known. */
    public Optional<Long> byteSize() {
        return QnnDataTypes.elementSize(qnnDataType).map(size -> Arrays.stream(dimensions).reduce(size, Math::multiplyExact));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QnnTensorSpec t && id == t.id && name.equals(t.name) && tensorType == t.tensorType
                && qnnDataType == t.qnnDataType && Arrays.equals(dimensions, t.dimensions) && Arrays.equals(quantizeParams, t.quantizeParams);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(dimensions);
    }

    @Override
    public String toString() {
        return name + ": " + QnnDataTypes.name(qnnDataType) + Arrays.toString(dimensions);
    }
}
