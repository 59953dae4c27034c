package dev.accel.backend;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.List;
import java.util.Objects;

/**
 * The operand checks every backend's {@link Ops} makes the same way, so that a wrong call fails with the same code
 * and message on every device (the conformance kit compares them). Where an operand lives is each backend's own
 * check; these are the rest: dtypes, writable outputs, norm parameters, concat parts.
 */
public final class OpChecks {
    private OpChecks() {
    }

    /**
     * Float ops take f32, f16, bf16 and f64 only.
     *
     * @throws AccelException {@link ErrorCode#UNSUPPORTED} naming the op, the device and the operand otherwise
     */
    public static void floating(String op, String deviceName, String name, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new AccelException(ErrorCode.UNSUPPORTED, op + " on " + deviceName + " takes floating-point tensors (f32, f16, bf16, f64); "
                    + name + " is " + t.dtype() + Shapes.format(t.shape()) + " (use the cast op first)");
        }
    }

    /**
     * An output must be writable memory and not a broadcast view.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for read-only memory (a read-only mapped file) or a
     *         stride 0 over more than one element (several results would land on one element)
     */
    public static void writable(String op, Tensor out) {
        if (out.memory().isReadOnly()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, op + ": out " + out + " is read-only memory (a read-only mapped file?); "
                    + "write the result into a writable tensor");
        }
        if (out.numel() > 1) {
            long[] shape = out.shape();
            long[] strides = out.strides();
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] > 1 && strides[i] == 0) {
                    throw new AccelException(ErrorCode.INVALID_ARGUMENT, op + ": out " + out
                            + " is a broadcast view (stride 0): several results would land on one element");
                }
            }
        }
    }

    /**
     * A norm's arguments besides placement and dtypes: {@code eps} finite and not negative, then {@code gamma} and
     * {@code beta} (null for a norm without one, such as RMS norm) each broadcasting to the last axis of {@code x}.
     *
     * @return {@code d}, the size of {@code x}'s last axis (1 for a rank-0 {@code x})
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for a bad {@code eps}; {@link ErrorCode#SHAPE_MISMATCH}
     *         for a parameter that does not broadcast
     */
    public static long norm(String op, Tensor x, double eps, Tensor gamma, Tensor beta) {
        eps(op, eps);
        long d = x.rank() == 0 ? 1 : x.size(-1);
        rowParameter(op, "gamma", gamma, x, d);
        if (beta != null) {
            rowParameter(op, "beta", beta, x, d);
        }
        return d;
    }

    private static void eps(String op, double eps) {
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, op + ": eps must be finite and >= 0, got " + eps);
        }
    }

    /** A per-column parameter of a norm broadcasts to the last axis {@code [d]} of {@code x}: rank 0, or ones then {@code d} or 1. */
    private static void rowParameter(String op, String name, Tensor p, Tensor x, long d) {
        long[] s = p.shape();
        boolean ok = s.length == 0 || s[s.length - 1] == d || s[s.length - 1] == 1;
        for (int i = 0; ok && i < s.length - 1; i++) {
            ok = s[i] == 1;
        }
        if (!ok) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, op + ": " + name + " has shape " + Shapes.format(s)
                    + " but must broadcast to the last axis [" + d + "] of x " + Shapes.format(x.shape()));
        }
    }

    /**
     * The result shape of concatenating {@code parts} along {@code axis}: at least one part, all of one dtype, shapes
     * equal but along the axis.
     *
     * @throws IllegalArgumentException for no parts
     * @throws AccelException {@link ErrorCode#SHAPE_MISMATCH} for parts of different dtypes or shapes
     */
    public static long[] concatShape(List<Tensor> parts, int axis) {
        Objects.requireNonNull(parts, "parts");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        DType dtype = parts.getFirst().dtype();
        long[][] shapes = new long[parts.size()][];
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = Objects.requireNonNull(parts.get(i), "parts[" + i + "]");
            if (p.dtype() != dtype) {
                throw new AccelException(ErrorCode.SHAPE_MISMATCH, "concat: parts must share one dtype; parts[0] is " + dtype
                        + ", parts[" + i + "] is " + p.dtype());
            }
            shapes[i] = p.shape();
        }
        return Shapes.concat(shapes, axis);
    }
}
