package dev.accel.conformance;

import dev.accel.backend.BinaryOp;
import dev.accel.backend.OpKind;
import dev.accel.backend.Ops;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Which cases each {@link OpKind} gets for each dtype, and the minimal call used to check that an op a
 * device does not support really fails with {@code UNSUPPORTED}.
 */
final class OpCatalog {
    private OpCatalog() {
    }

    /** Ops whose contract covers every dtype (they move or convert data). */
    static boolean definedForAllDtypes(OpKind op) {
        return switch (op) {
            case GATHER, CAST, CONCAT, COPY -> true;
            default -> false;
        };
    }

    /**
     * Why the kit has no reference for {@code op} at {@code dtype}, when it has none: the Ops contract
     * defines the arithmetic ops for floating-point operands only.
     */
    static Optional<String> undefined(OpKind op, DType dtype) {
        if (definedForAllDtypes(op) || dtype.isFloatingPoint()) {
            return Optional.empty();
        }
        return Optional.of("the device claims " + name(op) + " for " + dtype + ", but the Ops contract defines "
                + name(op) + " for floating-point operands only, so the kit has no reference for it");
    }

    /**
     * The report row of {@code matmul(a, PreparedMatrix, out)}: an op entry of its own, run for every dtype
     * where {@code matmul} is, since {@code Device.supports(MATMUL, dtype)} covers both forms of the product.
     */
    static final String MATMUL_PREPARED = "matmul_prepared";

    static String name(OpKind op) {
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when {@code check} is an op entry (a row of the op x dtype table), not a memory or placement check. */
    static boolean isOp(String check) {
        if (MATMUL_PREPARED.equals(check)) {
            return true;
        }
        for (OpKind k : OpKind.values()) {
            if (name(k).equals(check)) {
                return true;
            }
        }
        return false;
    }

    /** The cases for {@code op} at {@code dtype}; {@code shapes} draws the random shapes. */
    static List<OpCase> cases(OpKind op, DType dtype, KitOptions o, SplittableRandom shapes) {
        return switch (op) {
            case MATMUL -> MatmulCases.cases(dtype, o, shapes);
            case ADD -> ElementwiseCases.binary(BinaryOp.ADD, dtype, o, shapes);
            case SUB -> ElementwiseCases.binary(BinaryOp.SUB, dtype, o, shapes);
            case MUL -> ElementwiseCases.binary(BinaryOp.MUL, dtype, o, shapes);
            case DIV -> ElementwiseCases.binary(BinaryOp.DIV, dtype, o, shapes);
            case SCALE -> ElementwiseCases.scale(dtype, o, shapes);
            case EXP -> ElementwiseCases.unary(UnaryOp.EXP, dtype, o, shapes);
            case TANH -> ElementwiseCases.unary(UnaryOp.TANH, dtype, o, shapes);
            case GELU_ERF -> ElementwiseCases.unary(UnaryOp.GELU_ERF, dtype, o, shapes);
            case GELU_TANH -> ElementwiseCases.unary(UnaryOp.GELU_TANH, dtype, o, shapes);
            case SILU -> ElementwiseCases.unary(UnaryOp.SILU, dtype, o, shapes);
            case RELU -> ElementwiseCases.unary(UnaryOp.RELU, dtype, o, shapes);
            case SOFTMAX -> RowCases.softmax(dtype, o, shapes);
            case LAYER_NORM, RMS_NORM -> RowCases.norm(op, dtype, o, shapes);
            case SUM -> RowCases.reduce(ReduceOp.SUM, dtype, o, shapes);
            case MEAN -> RowCases.reduce(ReduceOp.MEAN, dtype, o, shapes);
            case MAX -> RowCases.reduce(ReduceOp.MAX, dtype, o, shapes);
            case GATHER -> DataCases.gather(dtype, o, shapes);
            case CAST -> DataCases.cast(dtype, o);
            case CONCAT -> DataCases.concat(dtype, o, shapes);
            case COPY -> DataCases.copy(dtype, o, shapes);
        };
    }

    /**
     * Calls {@code op} once with small operands of {@code dtype} on the device (for an op the device says
     * it does not support: the call must throw {@code AccelException(UNSUPPORTED)}).
     */
    static void call(OpKind op, DType dtype, Harness h) {
        Ops ops = h.device.ops();
        Tensor a = h.operand(dtype, Harness.View.CONTIGUOUS, 2, 3).device();
        Tensor out = h.empty(dtype, 2, 3);
        switch (op) {
            case MATMUL -> ops.matmul(a, h.operand(dtype, Harness.View.CONTIGUOUS, 3, 3).device(), out);
            case ADD, SUB, MUL, DIV -> ops.binary(BinaryOp.valueOf(op.name()), a, a, out);
            case SCALE -> ops.scale(a, 2, out);
            case EXP, TANH, GELU_ERF, GELU_TANH, SILU, RELU -> ops.unary(UnaryOp.valueOf(op.name()), a, out);
            case SOFTMAX -> ops.softmax(a, out);
            case LAYER_NORM -> {
                Tensor g = h.operand(dtype, Harness.View.CONTIGUOUS, 3).device();
                ops.layerNorm(a, g, g, 1e-5, out);
            }
            case RMS_NORM -> ops.rmsNorm(a, h.operand(dtype, Harness.View.CONTIGUOUS, 3).device(), 1e-5, out);
            case SUM, MEAN, MAX -> ops.reduce(ReduceOp.valueOf(op.name()), a, 1, h.empty(dtype, 2));
            case GATHER -> ops.gather(a, h.operandOf(DType.I64, new double[] {1, 0}, 2).device(), out);
            case CAST -> ops.cast(a, h.empty(dtype == DType.F32 ? DType.F64 : DType.F32, 2, 3));
            case CONCAT -> ops.concat(List.of(a), 0, out);
            case COPY -> ops.copy(a, out);
        }
    }

    /** The minimal prepared product, for a dtype the device does not support: prepare or the product must throw UNSUPPORTED. */
    static void callPrepared(DType dtype, Harness h) {
        Ops ops = h.device.ops();
        Tensor a = h.operand(dtype, Harness.View.CONTIGUOUS, 2, 3).device();
        Tensor b = h.operand(dtype, Harness.View.CONTIGUOUS, 3, 3).device();
        ops.matmul(a, ops.prepare(b, h.scope), h.empty(dtype, 2, 3));
    }
}
