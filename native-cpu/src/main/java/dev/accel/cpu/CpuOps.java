package dev.accel.cpu;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.OpChecks;
import dev.accel.backend.Ops;
import dev.accel.backend.PreparedMatrix;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The reference implementation of {@link Ops} on {@code cpu:0}. This class checks arguments (host
 * memory, dtypes, exact output shapes, writable outputs) and hands the work to the kernel classes.
 *
 * <ul>
 *   <li>Float ops (matmul, binary, unary, scale, softmax, norms, reduce) take f32, f16, bf16 and f64
 *       tensors in any mix, and write the output's dtype; integer or bool operands are
 *       {@link ErrorCode#UNSUPPORTED}.</li>
 *   <li>gather, cast, concat and copy move data of any dtype; gather, cast and concat convert to the
 *       output's dtype with the rules of {@link Ops#cast}.</li>
 *   <li>A tensor in device memory is {@link ErrorCode#INVALID_ARGUMENT}; a tensor whose scope is closed
 *       throws {@link IllegalStateException}; a read-only or broadcast (stride 0) output is
 *       {@link ErrorCode#INVALID_ARGUMENT}.</li>
 * </ul>
 * Thread-safe: it holds no mutable state.
 */
public final class CpuOps implements Ops {
    private final CpuDevice device;

    CpuOps(CpuDevice device) {
        this.device = device;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        Checks.floatInput("matmul", "a", a);
        Checks.floatInput("matmul", "b", b);
        Checks.floatOutput("matmul", out);
        Checks.outShape("matmul", Shapes.matmul(a.shape(), b.shape()), out);
        BatchedMatmul.matmul(a, b, out);
    }

    /** Packs {@code b} into the GEMM's f32 micro-panels (see {@link PackedMatmul}); an f64 {@code b} is kept as it is. */
    @Override
    public PreparedMatrix prepare(Tensor b, MemoryScope scope) {
        return PackedMatmul.prepare(device, b, scope);
    }

    @Override
    public void matmul(Tensor a, PreparedMatrix b, Tensor out) {
        if (!(b instanceof PackedMatmul.Packed packed) || b.device() != device) {
            matmul(a, PreparedMatrix.asIsSource(this, b), out);
            return;
        }
        Checks.floatInput("matmul", "a", a);
        Checks.floatOutput("matmul", out);
        Checks.outShape("matmul", Shapes.matmul(a.shape(), new long[] {packed.k(), packed.n()}), out);
        PackedMatmul.matmul(a, packed, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Objects.requireNonNull(op, "op");
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        Checks.floatInput(name, "a", a);
        Checks.floatInput(name, "b", b);
        Checks.floatOutput(name, out);
        Checks.outShape(name, Shapes.broadcast(a.shape(), b.shape()), out);
        ElementwiseKernels.binary(op, a, b, out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Objects.requireNonNull(op, "op");
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        Checks.floatInput(name, "x", x);
        Checks.floatOutput(name, out);
        Checks.outShape(name, x.shape(), out);
        ElementwiseKernels.unary(op, 0, x, out);
    }

    @Override
    public void scale(Tensor x, double factor, Tensor out) {
        Checks.floatInput("scale", "x", x);
        Checks.floatOutput("scale", out);
        Checks.outShape("scale", x.shape(), out);
        ElementwiseKernels.unary(null, factor, x, out);
    }

    @Override
    public void softmax(Tensor x, Tensor out) {
        Checks.floatInput("softmax", "x", x);
        Checks.floatOutput("softmax", out);
        Checks.outShape("softmax", x.shape(), out);
        RowKernels.softmax(x, out);
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out) {
        Checks.floatInput("layer_norm", "x", x);
        Checks.floatInput("layer_norm", "gamma", gamma);
        Checks.floatInput("layer_norm", "beta", beta);
        Checks.floatOutput("layer_norm", out);
        Checks.outShape("layer_norm", x.shape(), out);
        long d = OpChecks.norm("layer_norm", x, eps, gamma, beta);
        RowKernels.layerNorm(x, columnValues(gamma, d), columnValues(beta, d), eps, out);
    }

    @Override
    public void rmsNorm(Tensor x, Tensor gamma, double eps, Tensor out) {
        Checks.floatInput("rms_norm", "x", x);
        Checks.floatInput("rms_norm", "gamma", gamma);
        Checks.floatOutput("rms_norm", out);
        Checks.outShape("rms_norm", x.shape(), out);
        long d = OpChecks.norm("rms_norm", x, eps, gamma, null);
        RowKernels.rmsNorm(x, columnValues(gamma, d), eps, out);
    }

    /** The values of a per-column parameter (checked by {@link OpChecks#norm}), one per column of {@code d}. */
    private static double[] columnValues(Tensor p, long d) {
        double[] values = p.toDoubleArray();
        if (values.length == d) {
            return values;
        }
        double[] filled = new double[Math.toIntExact(d)];
        Arrays.fill(filled, values[0]);
        return filled;
    }

    @Override
    public void gather(Tensor table, Tensor indices, Tensor out) {
        Checks.hostAccessible("gather", "table", table);
        Checks.hostAccessible("gather", "indices", indices);
        Checks.output("gather", out);
        if (indices.dtype() != DType.I32 && indices.dtype() != DType.I64) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "gather: indices must be i32 or i64, got " + indices.dtype()
                    + Shapes.format(indices.shape()));
        }
        Checks.outShape("gather", Shapes.gather(table.shape(), indices.shape()), out);
        IndexKernels.gather(table, indices, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        Objects.requireNonNull(op, "op");
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        Checks.floatInput(name, "x", x);
        Checks.floatOutput(name, out);
        int a = Shapes.checkReduce(name, x.shape(), axis, out.shape(), op == ReduceOp.MAX);
        Tensor o = out.rank() == x.rank() ? out.squeeze(a) : out;
        ReduceKernels.reduce(op, x, a, o);
    }

    @Override
    public void cast(Tensor x, Tensor out) {
        Checks.hostAccessible("cast", "x", x);
        Checks.output("cast", out);
        Checks.outShape("cast", x.shape(), out);
        IndexKernels.convert(x, out);
    }

    @Override
    public void concat(List<Tensor> parts, int axis, Tensor out) {
        long[] shape = OpChecks.concatShape(parts, axis);
        for (int i = 0; i < parts.size(); i++) {
            Checks.hostAccessible("concat", "parts[" + i + "]", parts.get(i));
        }
        Checks.output("concat", out);
        Checks.outShape("concat", shape, out);
        IndexKernels.concat(parts, Shapes.axis(axis, out.rank()), out);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.hostAccessible("copy", "src", src);
        Checks.output("copy", dst);
        if (src.dtype() != dst.dtype()) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "copy needs the same dtype: " + src.dtype() + " -> " + dst.dtype()
                    + " (use cast to convert)");
        }
        Checks.outShape("copy", src.shape(), dst);
        IndexKernels.convert(src, dst);
    }

    @Override
    public String toString() {
        return "CpuOps[cpu:0]";
    }
}
