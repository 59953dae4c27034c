package dev.accel.backend;

import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.List;

/**
 * The op set one device implements. Every backend implements the same signatures; the CPU backend's
 * implementation is the reference the conformance kit compares the others with.
 *
 * <h2>Rules common to all ops</h2>
 * <ul>
 *   <li>Operands may be any views: non-contiguous, transposed, broadcast (stride 0), offset.</li>
 *   <li>The abstract methods write into a caller-given {@code out} tensor whose shape must be exactly
 *       the result shape; its dtype selects the output type. The {@code default} methods allocate the
 *       result on {@link #device()} in the given scope, with the dtype of the first operand.</li>
 *   <li>Floating-point ops accept f32, f16, bf16 (accumulating in f32) and f64 operands, and may mix them.</li>
 *   <li>{@code out} may be the very same view as an elementwise op's input (in-place); any other overlap
 *       between {@code out} and the inputs gives undefined values (never a crash).</li>
 *   <li>All operands must live in memory this device can address; a tensor on another device is an
 *       error ({@link dev.accel.ErrorCode#INVALID_ARGUMENT}), never a silent copy.</li>
 *   <li>Shape errors throw {@link dev.accel.AccelException} with {@link dev.accel.ErrorCode#SHAPE_MISMATCH}
 *       and the shapes in the message; unsupported dtypes throw it with {@link dev.accel.ErrorCode#UNSUPPORTED}.</li>
 * </ul>
 */
public interface Ops {
    Device device();

    /**
     * Matrix product over the last two axes with broadcast batch axes: {@code a[..., m, k] x b[..., k, n]
     * -> out[..., m, n]}. Rank-1 operands are not promoted: use {@code unsqueeze}.
     */
    void matmul(Tensor a, Tensor b, Tensor out);

    /**
     * Lays out {@code b[k, n]}, the constant right operand of many later products (a weight), in the form this
     * device's {@link #matmul(Tensor, PreparedMatrix, Tensor)} reads fastest; see {@link PreparedMatrix} for the
     * contract. The default keeps {@code b} as it is ({@link PreparedMatrix#asIs}): every backend accepts prepared
     * matrices, and those whose kernel gains from a layout of its own override this.
     *
     * @param scope holds the prepared copy, if the backend makes one
     * @throws dev.accel.AccelException {@link dev.accel.ErrorCode#SHAPE_MISMATCH} when {@code b} is not rank 2;
     *         {@link dev.accel.ErrorCode#INVALID_ARGUMENT} when it is in memory this device cannot address;
     *         {@link dev.accel.ErrorCode#UNSUPPORTED} for a dtype the device's products do not take
     */
    default PreparedMatrix prepare(Tensor b, MemoryScope scope) {
        return PreparedMatrix.asIs(device(), b);
    }

    /**
     * {@code a[..., m, k] x b[k, n] -> out[..., m, n]} with a matrix prepared by this device's {@link #prepare}:
     * the same result as {@link #matmul(Tensor, Tensor, Tensor)} with its source.
     *
     * @throws dev.accel.AccelException {@link dev.accel.ErrorCode#INVALID_ARGUMENT} for a matrix prepared by
     *         another device; otherwise the errors of {@link #matmul(Tensor, Tensor, Tensor)}
     */
    default void matmul(Tensor a, PreparedMatrix b, Tensor out) {
        matmul(a, PreparedMatrix.asIsSource(this, b), out);
    }

    /** {@code out = a (op) b} elementwise with NumPy broadcasting. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = op(x)} elementwise. */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /** {@code out = x * factor}. */
    void scale(Tensor x, double factor, Tensor out);

    /** Softmax over the last axis, numerically stable (the row maximum is subtracted first). */
    void softmax(Tensor x, Tensor out);

    /**
     * Layer normalization over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta}, with the
     * biased variance. {@code gamma} and {@code beta} have the shape of the last axis (or broadcast to it).
     */
    void layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out);

    /** RMS normalization over the last axis: {@code x / sqrt(mean(x^2) + eps) * gamma}. */
    void rmsNorm(Tensor x, Tensor gamma, double eps, Tensor out);

    /**
     * Embedding lookup: {@code out[i..., :] = table[indices[i...], :]} for a rank-2 {@code table [rows, d]}
     * and integer {@code indices} (i32 or i64) of any shape; {@code out} has shape {@code indices.shape + [d]}.
     * An index outside {@code [0, rows)} throws {@link IndexOutOfBoundsException} naming it.
     */
    void gather(Tensor table, Tensor indices, Tensor out);

    /**
     * Reduces {@code axis}; {@code out} has {@code x}'s shape with that axis either removed or kept with size 1.
     * MAX of an empty axis is an error; SUM of an empty axis is 0 and MEAN is NaN.
     */
    void reduce(ReduceOp op, Tensor x, int axis, Tensor out);

    /**
     * Converts between any two dtypes. Float to integer truncates toward zero (NaN gives 0, values beyond
     * the i64 range saturate, then the value wraps to the narrower type, as C does for integers); to
     * bool, non-zero is 1; f16/bf16 round to nearest even.
     */
    void cast(Tensor x, Tensor out);

    /** Concatenates {@code parts} (same dtype, same shape except on {@code axis}) along {@code axis}. */
    void concat(List<Tensor> parts, int axis, Tensor out);

    /** Copies {@code src} into {@code dst}: same dtype and shape, any layouts. */
    void copy(Tensor src, Tensor dst);

    // ---- allocating conveniences -------------------------------------------------------------

    default Tensor matmul(Tensor a, Tensor b, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, a.dtype(), Shapes.matmul(a.shape(), b.shape()));
        matmul(a, b, out);
        return out;
    }

    default Tensor matmul(Tensor a, PreparedMatrix b, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, a.dtype(), Shapes.matmul(a.shape(), new long[] {b.rows(), b.columns()}));
        matmul(a, b, out);
        return out;
    }

    default Tensor binary(BinaryOp op, Tensor a, Tensor b, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, a.dtype(), Shapes.broadcast(a.shape(), b.shape()));
        binary(op, a, b, out);
        return out;
    }

    default Tensor add(Tensor a, Tensor b, MemoryScope scope) {
        return binary(BinaryOp.ADD, a, b, scope);
    }

    default Tensor mul(Tensor a, Tensor b, MemoryScope scope) {
        return binary(BinaryOp.MUL, a, b, scope);
    }

    default Tensor unary(UnaryOp op, Tensor x, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, x.dtype(), x.shape());
        unary(op, x, out);
        return out;
    }

    default Tensor scale(Tensor x, double factor, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, x.dtype(), x.shape());
        scale(x, factor, out);
        return out;
    }

    default Tensor softmax(Tensor x, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, x.dtype(), x.shape());
        softmax(x, out);
        return out;
    }

    default Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, x.dtype(), x.shape());
        layerNorm(x, gamma, beta, eps, out);
        return out;
    }

    default Tensor rmsNorm(Tensor x, Tensor gamma, double eps, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, x.dtype(), x.shape());
        rmsNorm(x, gamma, eps, out);
        return out;
    }

    default Tensor gather(Tensor table, Tensor indices, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, table.dtype(), Shapes.gather(table.shape(), indices.shape()));
        gather(table, indices, out);
        return out;
    }

    /** Reduces {@code axis}, removing it from the shape (or keeping it with size 1 when {@code keepDim}). */
    default Tensor reduce(ReduceOp op, Tensor x, int axis, boolean keepDim, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, x.dtype(), Shapes.reduce(x.shape(), axis, keepDim));
        reduce(op, x, axis, out);
        return out;
    }

    default Tensor cast(Tensor x, DType dtype, MemoryScope scope) {
        Tensor out = Tensor.empty(device(), scope, dtype, x.shape());
        cast(x, out);
        return out;
    }

    default Tensor concat(List<Tensor> parts, int axis, MemoryScope scope) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        long[][] shapes = parts.stream().map(Tensor::shape).toArray(long[][]::new);
        Tensor out = Tensor.empty(device(), scope, parts.getFirst().dtype(), Shapes.concat(shapes, axis));
        concat(parts, axis, out);
        return out;
    }
}
