package dev.accel.backend;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.Objects;

/**
 * The constant right operand {@code b[k, n]} of many matrix products (a layer's weight), laid out once by
 * {@link Ops#prepare} in the form its device's product kernel reads fastest, so that each
 * {@link Ops#matmul(Tensor, PreparedMatrix, Tensor)} skips that work. An inference engine prepares its weights at
 * load time, as ONNX Runtime and oneDNN pack theirs.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Same result.</b> {@code matmul(a, prepared, out)} computes what {@code matmul(a, source, out)} computes
 *       with the source's values as they were when prepared (on the CPU backend: to the bit). Writing to the
 *       source afterwards gives undefined results on backends that keep it as it is ({@link #preparedBytes()}
 *       {@code == 0}) and is not seen by those that copied it.</li>
 *   <li><b>Memory.</b> A backend that lays the matrix out anew holds {@link #preparedBytes()} bytes of its own, in
 *       the scope given to {@code prepare}; closing that scope ends the prepared matrix (use after it throws
 *       {@link IllegalStateException}). One that uses the source as it is holds none, and the source must stay
 *       open. Preparing is therefore an explicit copy when it copies: {@link #preparedBytes()} says how much.</li>
 *   <li><b>Placement.</b> A prepared matrix belongs to the device that prepared it; another device's ops refuse
 *       it with {@link ErrorCode#INVALID_ARGUMENT}, never convert it silently.</li>
 * </ul>
 */
public interface PreparedMatrix {
    /** The device whose ops prepared this matrix, and the only one whose ops accept it. */
    Device device();

    /** The dtype of the source tensor. */
    DType sourceDtype();

    /** {@code k}: rows of the source, the inner size of the products. */
    long rows();

    /** {@code n}: columns of the source, the last size of the products' results. */
    long columns();

    /** Bytes this prepared form holds beyond the source: 0 when the source is used as it is. */
    long preparedBytes();

    /** What the layout is, for reports: e.g. {@code "as is"} or the CPU backend's panel layout with its block sizes. */
    String layout();

    /**
     * The prepared form of backends that read {@code b} as it is (the default of {@link Ops#prepare}): no copy,
     * no memory of its own.
     *
     * @throws AccelException {@link ErrorCode#SHAPE_MISMATCH} when {@code b} is not rank 2
     */
    static PreparedMatrix asIs(Device device, Tensor b) {
        Objects.requireNonNull(device, "device");
        checkMatrix(b);
        return new AsIsMatrix(device, b);
    }

    /**
     * The source of an {@link #asIs} matrix prepared by {@code ops}' device, for the default product.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} when {@code prepared} belongs to another device, or
     *         is another backend's own layout
     */
    static Tensor asIsSource(Ops ops, PreparedMatrix prepared) {
        Objects.requireNonNull(prepared, "prepared");
        if (prepared.device() != ops.device()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "matmul on " + ops.device().name() + ": the prepared matrix "
                    + prepared + " belongs to " + prepared.device().name() + "; prepare it with this device's ops");
        }
        if (!(prepared instanceof AsIsMatrix asIs)) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "matmul on " + ops.device().name() + ": the prepared matrix "
                    + prepared + " has a layout these ops do not read (" + prepared.getClass().getName() + ")");
        }
        return asIs.source();
    }

    /**
     * Checks that {@code b} can be prepared: a rank-2 tensor.
     *
     * @throws AccelException {@link ErrorCode#SHAPE_MISMATCH} with the shape otherwise
     */
    static void checkMatrix(Tensor b) {
        Objects.requireNonNull(b, "b");
        if (b.rank() != 2) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "prepare needs a matrix [k, n], got " + Shapes.format(b.shape())
                    + " (prepare each batch entry on its own)");
        }
    }
}
