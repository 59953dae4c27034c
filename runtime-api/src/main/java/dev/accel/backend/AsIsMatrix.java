package dev.accel.backend;

import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

/** {@link PreparedMatrix#asIs}'s form: the source tensor itself. */
record AsIsMatrix(Device device, Tensor source) implements PreparedMatrix {
    @Override
    public DType sourceDtype() {
        return source.dtype();
    }

    @Override
    public long rows() {
        return source.size(0);
    }

    @Override
    public long columns() {
        return source.size(1);
    }

    @Override
    public long preparedBytes() {
        return 0;
    }

    @Override
    public String layout() {
        return "as is";
    }

    @Override
    public String toString() {
        return "PreparedMatrix[" + rows() + " x " + columns() + " " + sourceDtype() + ", as is, on " + device.name() + "]";
    }
}
