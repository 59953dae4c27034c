package dev.accel.conformance;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.OpKind;
import dev.accel.backend.Ops;
import dev.accel.backend.PreparedMatrix;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.Stream;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** The CPU device with one deliberate fault, to prove that the kit catches it. */
final class FaultyDevice implements Device {
    enum Fault {
        /** f32 add returns a + b + 1e-3. */
        ADD_OFF_BY_1E3,
        /** unary ops read the input's memory as if it were dense from offset 0 (strides and offset ignored). */
        UNARY_IGNORES_STRIDES,
        /** supports(EXP, F32) says no, but exp runs anyway. */
        EXP_SUPPORT_LIE,
        /** supports(SOFTMAX, F16) says yes, but softmax of f16 throws UNSUPPORTED. */
        SOFTMAX_F16_THROWS,
        /** binary ops given a tensor that is not host memory silently use zeros instead of rejecting it. */
        SILENT_FALLBACK,
        /** f32 sum of an axis longer than 1000 drops the last element. */
        SUM_DROPS_LAST,
        /** caps() claims pinned host memory that memoryKinds() does not list. */
        CAPS_CLAIM_PINNED,
        /** matmul with operands of different dtypes throws UNSUPPORTED although the contract lets them mix. */
        MATMUL_REFUSES_MIXED,
        /** f32 matmul with a prepared matrix returns a x b + 1e-3 (the plain matmul is right). */
        PREPARED_OFF_BY_1E3,
        /** f32 matmul with a prepared matrix is 2 ulp off the plain one: within the tolerance, not to the bit. */
        PREPARED_ULP_OFF,
        /** a matrix prepared by another device is silently read as zeros instead of being rejected. */
        PREPARED_FOREIGN_AS_ZEROS,
        /** prepare copies the matrix into memory of its own that closing the given scope does not end. */
        PREPARED_OUTLIVES_SCOPE
    }

    /** What {@link Fault#PREPARED_OUTLIVES_SCOPE} prepares: a dense copy in automatically managed memory. */
    private record OwnCopy(Device device, Tensor copy) implements PreparedMatrix {
        @Override
        public DType sourceDtype() {
            return copy.dtype();
        }

        @Override
        public long rows() {
            return copy.size(0);
        }

        @Override
        public long columns() {
            return copy.size(1);
        }

        @Override
        public long preparedBytes() {
            return copy.byteSize();
        }

        @Override
        public String layout() {
            return "dense copy (faulty: outlives its scope)";
        }
    }

    private final Device cpu;
    private final Fault fault;
    private final Ops ops;

    FaultyDevice(Device cpu, Fault fault) {
        this.cpu = cpu;
        this.fault = fault;
        this.ops = new FaultyOps();
    }

    @Override
    public Backend backend() {
        return cpu.backend();
    }

    @Override
    public String name() {
        return "faulty:" + fault.name().toLowerCase();
    }

    @Override
    public String description() {
        return "cpu:0 with the fault " + fault;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.OTHER;
    }

    @Override
    public OptionalLong totalMemory() {
        return cpu.totalMemory();
    }

    @Override
    public OptionalLong freeMemory() {
        return cpu.freeMemory();
    }

    @Override
    public DeviceCaps caps() {
        DeviceCaps c = cpu.caps();
        if (fault == Fault.CAPS_CLAIM_PINNED) {
            return new DeviceCaps(c.asyncCopies(), true, c.bufferFromHostPointer(), c.mappedFiles(), c.events());
        }
        return c;
    }

    @Override
    public Set<MemoryKind> memoryKinds() {
        return cpu.memoryKinds();
    }

    @Override
    public MemoryKind defaultMemoryKind() {
        return cpu.defaultMemoryKind();
    }

    @Override
    public Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize) {
        return cpu.allocate(scope, kind, byteSize);
    }

    @Override
    public Ops ops() {
        return ops;
    }

    @Override
    public boolean supports(OpKind op, DType dtype) {
        if (fault == Fault.EXP_SUPPORT_LIE && op == OpKind.EXP && dtype == DType.F32) {
            return false;
        }
        return cpu.supports(op, dtype);
    }

    @Override
    public Stream newStream() {
        return cpu.newStream();
    }

    private final class FaultyOps implements Ops {
        private final Ops c = cpu.ops();

        @Override
        public Device device() {
            return FaultyDevice.this;
        }

        @Override
        public void matmul(Tensor a, Tensor b, Tensor out) {
            if (fault == Fault.MATMUL_REFUSES_MIXED && a.dtype() != b.dtype()) {
                throw new AccelException(ErrorCode.UNSUPPORTED, "matmul needs one dtype");
            }
            c.matmul(a, b, out);
        }

        @Override
        public PreparedMatrix prepare(Tensor b, MemoryScope scope) {
            if (fault == Fault.PREPARED_OUTLIVES_SCOPE) {
                PreparedMatrix.checkMatrix(b);
                Tensor copy = Tensor.zeros(MemoryScope.auto(), b.dtype(), b.shape());
                c.copy(b, copy);
                return new OwnCopy(FaultyDevice.this, copy);
            }
            return Ops.super.prepare(b, scope);
        }

        @Override
        public void matmul(Tensor a, PreparedMatrix b, Tensor out) {
            if (b instanceof OwnCopy own && own.device() == FaultyDevice.this) {
                c.matmul(a, own.copy(), out);
                return;
            }
            if (fault == Fault.PREPARED_FOREIGN_AS_ZEROS && b.device() != FaultyDevice.this) {
                c.matmul(a, Tensor.zeros(MemoryScope.auto(), a.dtype(), b.rows(), b.columns()), out);
                return;
            }
            Ops.super.matmul(a, b, out);
            if (fault == Fault.PREPARED_OFF_BY_1E3 && out.dtype() == DType.F32) {
                c.binary(BinaryOp.ADD, out, Tensor.copyOf(MemoryScope.auto(), new float[] {1e-3f}).reshape(), out);
            }
            if (fault == Fault.PREPARED_ULP_OFF && out.dtype() == DType.F32) {
                c.scale(out, 1 + 0x1p-22, out);
            }
        }

        @Override
        public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
            if (fault == Fault.SILENT_FALLBACK) {
                Tensor aa = a.memoryKind().isHostAccessible() ? a : Tensor.zeros(MemoryScope.auto(), a.dtype(), a.shape());
                Tensor bb = b.memoryKind().isHostAccessible() ? b : Tensor.zeros(MemoryScope.auto(), b.dtype(), b.shape());
                c.binary(op, aa, bb, out);
                return;
            }
            c.binary(op, a, b, out);
            if (fault == Fault.ADD_OFF_BY_1E3 && op == BinaryOp.ADD && out.dtype() == DType.F32) {
                Tensor bump = Tensor.copyOf(MemoryScope.auto(), new float[] {1e-3f});
                c.binary(BinaryOp.ADD, out, bump.reshape(), out);
            }
        }

        @Override
        public void unary(UnaryOp op, Tensor x, Tensor out) {
            if (fault == Fault.UNARY_IGNORES_STRIDES) {
                c.unary(op, Tensor.view(x.memory(), x.dtype(), x.shape()), out);
                return;
            }
            c.unary(op, x, out);
        }

        @Override
        public void scale(Tensor x, double factor, Tensor out) {
            c.scale(x, factor, out);
        }

        @Override
        public void softmax(Tensor x, Tensor out) {
            if (fault == Fault.SOFTMAX_F16_THROWS && x.dtype() == DType.F16) {
                throw new AccelException(ErrorCode.UNSUPPORTED, "softmax of f16 is not implemented");
            }
            c.softmax(x, out);
        }

        @Override
        public void layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out) {
            c.layerNorm(x, gamma, beta, eps, out);
        }

        @Override
        public void rmsNorm(Tensor x, Tensor gamma, double eps, Tensor out) {
            c.rmsNorm(x, gamma, eps, out);
        }

        @Override
        public void gather(Tensor table, Tensor indices, Tensor out) {
            c.gather(table, indices, out);
        }

        @Override
        public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
            int a = axis < 0 ? axis + x.rank() : axis;
            if (fault == Fault.SUM_DROPS_LAST && op == ReduceOp.SUM && x.dtype() == DType.F32 && x.size(a) > 1000) {
                c.reduce(op, x.narrow(a, 0, x.size(a) - 1), a, out);
                return;
            }
            c.reduce(op, x, axis, out);
        }

        @Override
        public void cast(Tensor x, Tensor out) {
            c.cast(x, out);
        }

        @Override
        public void concat(List<Tensor> parts, int axis, Tensor out) {
            c.concat(parts, axis, out);
        }

        @Override
        public void copy(Tensor src, Tensor dst) {
            c.copy(src, dst);
        }
    }
}
