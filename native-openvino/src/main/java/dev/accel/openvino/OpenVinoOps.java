package dev.accel.openvino;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.Ops;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The {@link Ops} of an OpenVINO device: only {@link #copy}. OpenVINO compiles and runs whole models; a
 * single op would need a one-node model per call, which this backend does not build, so every other
 * method throws {@link ErrorCode#UNSUPPORTED} saying so ({@link OpenVinoDevice#supports} is false for
 * them). {@code copy} is a host copy: the device's memory is host memory.
 */
final class OpenVinoOps implements Ops {
    private final Device device;

    OpenVinoOps(Device device) {
        this.device = device;
    }

    @Override
    public Device device() {
        return device;
    }

    private AccelException unsupported(String op) {
        return new AccelException(ErrorCode.UNSUPPORTED, op + " is not available on " + device.name()
                + ": the OpenVINO backend runs whole models (ModelRuntime 'openvino', accel run --device "
                + device.name() + "), not single ops; use the cpu backend for ops");
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        throw unsupported("matmul");
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        throw unsupported("binary " + op);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        throw unsupported("unary " + op);
    }

    @Override
    public void scale(Tensor x, double factor, Tensor out) {
        throw unsupported("scale");
    }

    @Override
    public void softmax(Tensor x, Tensor out) {
        throw unsupported("softmax");
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out) {
        throw unsupported("layerNorm");
    }

    @Override
    public void rmsNorm(Tensor x, Tensor gamma, double eps, Tensor out) {
        throw unsupported("rmsNorm");
    }

    @Override
    public void gather(Tensor table, Tensor indices, Tensor out) {
        throw unsupported("gather");
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        throw unsupported("reduce " + op);
    }

    @Override
    public void cast(Tensor x, Tensor out) {
        throw unsupported("cast");
    }

    @Override
    public void concat(List<Tensor> parts, int axis, Tensor out) {
        throw unsupported("concat");
    }

    /**
     * Copies between host tensors (same dtype and shape, any layouts).
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for a tensor in memory another device owns
     *                        or that is not host-accessible; {@link ErrorCode#SHAPE_MISMATCH} for different
     *                        shapes or dtypes
     * @throws IllegalStateException if either tensor's memory was freed
     */
    @Override
    public void copy(Tensor src, Tensor dst) {
        checkAddressable(device, src, "copy source");
        checkAddressable(device, dst, "copy destination");
        if (!Arrays.equals(src.shape(), dst.shape()) || src.dtype() != dst.dtype()) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "copy needs the same dtype and shape: " + src.dtype()
                    + Arrays.toString(src.shape()) + " -> " + dst.dtype() + Arrays.toString(dst.shape()));
        }
        src.copyTo(dst);
    }

    /** Host-accessible memory that no other device owns; anything else is {@link ErrorCode#INVALID_ARGUMENT}. */
    static void checkAddressable(Device device, Tensor t, String what) {
        t.memory().checkAlive();
        if (!t.memoryKind().isHostAccessible() || t.memory().device().filter(d -> d != device).isPresent()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, what + " is in " + t.memory() + "; " + device.name()
                    + " addresses host memory only: copy it to the host first");
        }
    }
}
