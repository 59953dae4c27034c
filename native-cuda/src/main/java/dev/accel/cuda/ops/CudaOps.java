package dev.accel.cuda.ops;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.OpKind;
import dev.accel.backend.OpChecks;
import dev.accel.backend.Ops;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.UnaryOp;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@link Ops} on one CUDA device: the CPU backend's op set and semantics, as kernels in CUDA C (resources
 * {@code /dev/accel/cuda/kernels/*.cu}, compiled by NVRTC on first use) and cuBLAS GEMMs, all queued on the
 * device's op stream through a {@link KernelRuntime}. Calls return once the work is queued; results are
 * visible to later work on the op stream and to copies after {@link KernelRuntime#synchronize()} (gather
 * synchronizes itself to check its indices).
 *
 * <ul>
 *   <li>Every operand must be in this device's {@link dev.accel.memory.MemoryKind#DEVICE} memory; anything
 *       else is {@link ErrorCode#INVALID_ARGUMENT}. Shape errors are {@link ErrorCode#SHAPE_MISMATCH}, integer
 *       or bool operands of float ops {@link ErrorCode#UNSUPPORTED}, as on the CPU ({@link #supports}).</li>
 *   <li>Float ops take f32, f16, bf16 and f64 in any mix; they compute in f32, or in f64 when any operand
 *       is f64. gather, cast, concat and copy move any dtype, converting with {@link Ops#cast}'s rules.</li>
 *   <li>Operands may be any views (strides, offsets, broadcast); views of rank above 8 after collapsing
 *       contiguous axes are processed in pieces.</li>
 *   <li>f32 GEMMs use TF32 tensor cores only when the system property {@value #TF32_PROPERTY} is
 *       {@code true} (default: full f32, like the CPU reference).</li>
 * </ul>
 * Thread-safe as far as the runtime is: it holds no mutable state.
 */
public final class CudaOps implements Ops {
    /** System property: {@code true} lets f32 matmuls use TF32 (about 10 mantissa bits per product). */
    public static final String TF32_PROPERTY = "accel.cuda.allowTf32";

    private final KernelRuntime runtime;
    private final CudaChecks checks;
    private final ElementwiseLaunches elementwise;
    private final RowLaunches rows;
    private final MatmulLaunches matmuls;
    private final GatherLaunches gathers;

    public CudaOps(KernelRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.checks = new CudaChecks(runtime.device());
        Launcher launcher = new Launcher(runtime);
        this.elementwise = new ElementwiseLaunches(launcher);
        this.rows = new RowLaunches(launcher);
        this.matmuls = new MatmulLaunches(launcher, elementwise, Boolean.getBoolean(TF32_PROPERTY));
        this.gathers = new GatherLaunches(launcher, elementwise);
    }

    /**
     * Whether these ops implement {@code op} for operands of {@code dtype}: data movement (gather, cast,
     * concat, copy) for every dtype, everything else for the floating-point dtypes (as the CPU backend).
     */
    public static boolean supports(OpKind op, DType dtype) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(dtype, "dtype");
        return switch (op) {
            case GATHER, CAST, CONCAT, COPY -> true;
            default -> dtype.isFloatingPoint();
        };
    }

    @Override
    public Device device() {
        return runtime.device();
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        checks.floatInput("matmul", "a", a);
        checks.floatInput("matmul", "b", b);
        checks.floatOutput("matmul", out);
        CudaChecks.outShape("matmul", Shapes.matmul(a.shape(), b.shape()), out);
        matmuls.matmul(a, b, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Objects.requireNonNull(op, "op");
        String name = op.name().toLowerCase(Locale.ROOT);
        checks.floatInput(name, "a", a);
        checks.floatInput(name, "b", b);
        checks.floatOutput(name, out);
        CudaChecks.outShape(name, Shapes.broadcast(a.shape(), b.shape()), out);
        elementwise.binary(op, a, b, out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        Objects.requireNonNull(op, "op");
        String name = op.name().toLowerCase(Locale.ROOT);
        checks.floatInput(name, "x", x);
        checks.floatOutput(name, out);
        CudaChecks.outShape(name, x.shape(), out);
        elementwise.unary(op, 0, x, out);
    }

    @Override
    public void scale(Tensor x, double factor, Tensor out) {
        checks.floatInput("scale", "x", x);
        checks.floatOutput("scale", out);
        CudaChecks.outShape("scale", x.shape(), out);
        elementwise.unary(null, factor, x, out);
    }

    @Override
    public void softmax(Tensor x, Tensor out) {
        checks.floatInput("softmax", "x", x);
        checks.floatOutput("softmax", out);
        CudaChecks.outShape("softmax", x.shape(), out);
        rows.softmax(x, out);
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out) {
        checks.floatInput("layer_norm", "x", x);
        checks.floatInput("layer_norm", "gamma", gamma);
        checks.floatInput("layer_norm", "beta", beta);
        checks.floatOutput("layer_norm", out);
        CudaChecks.outShape("layer_norm", x.shape(), out);
        OpChecks.norm("layer_norm", x, eps, gamma, beta);
        rows.layerNorm(x, gamma, beta, eps, out);
    }

    @Override
    public void rmsNorm(Tensor x, Tensor gamma, double eps, Tensor out) {
        checks.floatInput("rms_norm", "x", x);
        checks.floatInput("rms_norm", "gamma", gamma);
        checks.floatOutput("rms_norm", out);
        CudaChecks.outShape("rms_norm", x.shape(), out);
        OpChecks.norm("rms_norm", x, eps, gamma, null);
        rows.rmsNorm(x, gamma, eps, out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On CUDA the indices are checked on the device before anything is written; this synchronizes the op
     * stream once.
     */
    @Override
    public void gather(Tensor table, Tensor indices, Tensor out) {
        checks.onDevice("gather", "table", table);
        checks.onDevice("gather", "indices", indices);
        checks.output("gather", out);
        if (indices.dtype() != DType.I32 && indices.dtype() != DType.I64) {
            throw new AccelException(ErrorCode.UNSUPPORTED, "gather: indices must be i32 or i64, got " + indices.dtype()
                    + Shapes.format(indices.shape()));
        }
        CudaChecks.outShape("gather", Shapes.gather(table.shape(), indices.shape()), out);
        gathers.gather(table, indices, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        Objects.requireNonNull(op, "op");
        String name = op.name().toLowerCase(Locale.ROOT);
        checks.floatInput(name, "x", x);
        checks.floatOutput(name, out);
        int a = Shapes.checkReduce(name, x.shape(), axis, out.shape(), op == ReduceOp.MAX);
        Tensor o = out.rank() == x.rank() ? out.squeeze(a) : out;
        rows.reduce(op, x, a, o);
    }

    @Override
    public void cast(Tensor x, Tensor out) {
        checks.onDevice("cast", "x", x);
        checks.output("cast", out);
        CudaChecks.outShape("cast", x.shape(), out);
        elementwise.convert(x, out);
    }

    @Override
    public void concat(List<Tensor> parts, int axis, Tensor out) {
        long[] shape = OpChecks.concatShape(parts, axis);
        for (int i = 0; i < parts.size(); i++) {
            checks.onDevice("concat", "parts[" + i + "]", parts.get(i));
        }
        checks.output("concat", out);
        CudaChecks.outShape("concat", shape, out);
        int a = Shapes.axis(axis, out.rank());
        long start = 0;
        for (Tensor p : parts) {
            long len = p.size(a);
            elementwise.convert(p, out.narrow(a, start, len));
            start += len;
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        checks.onDevice("copy", "src", src);
        checks.output("copy", dst);
        if (src.dtype() != dst.dtype()) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "copy needs the same dtype: " + src.dtype() + " -> " + dst.dtype()
                    + " (use cast to convert)");
        }
        CudaChecks.outShape("copy", src.shape(), dst);
        elementwise.copy(src, dst);
    }

    @Override
    public String toString() {
        return "CudaOps[" + runtime.device().name() + "]";
    }
}
