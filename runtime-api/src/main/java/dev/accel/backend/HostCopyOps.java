package dev.accel.backend;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Ops} of a device that runs whole models rather than single ops (OpenVINO, QNN, CoreML) and
 * whose memory is host memory: {@link #copy} is a host copy, and every other op throws
 * {@link ErrorCode#UNSUPPORTED} with the message {@code "<op> is not available on <device>: <reason>"}. Such a
 * device answers {@link Device#supports} with true for {@link OpKind#COPY} only; the conformance kit checks
 * that the two agree.
 */
public final class HostCopyOps implements Ops {
    private final Device device;
    private final String reason;

    /**
     * @param device the device these ops belong to (its name is read when an error is thrown, so a device may
     *               pass itself from its constructor)
     * @param reason why the device has no single ops and where to run them instead
     */
    public HostCopyOps(Device device, String reason) {
        this.device = Objects.requireNonNull(device, "device");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Device device() {
        return device;
    }

    private AccelException unsupported(String op) {
        return new AccelException(ErrorCode.UNSUPPORTED, op + " is not available on " + device.name() + ": " + reason);
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
        checkAddressable(src, "copy source");
        checkAddressable(dst, "copy destination");
        if (!Arrays.equals(src.shape(), dst.shape()) || src.dtype() != dst.dtype()) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "copy needs the same dtype and shape: " + src.dtype()
                    + Arrays.toString(src.shape()) + " -> " + dst.dtype() + Arrays.toString(dst.shape()));
        }
        src.copyTo(dst);
    }

    /** Host-accessible memory that no other device owns; anything else is {@link ErrorCode#INVALID_ARGUMENT}. */
    private void checkAddressable(Tensor t, String what) {
        t.memory().checkAlive();
        if (!t.memoryKind().isHostAccessible() || t.memory().device().filter(d -> d != device).isPresent()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, what + " is in " + t.memory() + "; " + device.name()
                    + " addresses host memory only: copy it to the host first");
        }
    }

    @Override
    public String toString() {
        return "HostCopyOps[" + device.name() + ", copy only]";
    }
}
