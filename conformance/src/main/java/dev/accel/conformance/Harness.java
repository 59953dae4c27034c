package dev.accel.conformance;

import dev.accel.backend.Device;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;
import dev.accel.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * The context of one case: the device under test, a scope that owns every host and device tensor the
 * case makes (closed after the case), and the case's seeded RNG. Inputs are made on the host, copied to the
 * device; results are copied back to the host to be compared.
 */
final class Harness implements AutoCloseable {
    /** How an operand is laid out on the device: the kit tests every op on views, not only dense tensors. */
    enum View {
        /** A dense tensor. */
        CONTIGUOUS,
        /** The last two axes swapped ({@code transpose}); dense for rank &lt; 2. */
        TRANSPOSED,
        /** Every other element of the last axis, from index 1 ({@code slice} with step 2: stride 2, offset 1). */
        STRIDED,
        /** Rows 2.. of a taller tensor ({@code narrow}: an offset view). */
        OFFSET,
        /** The first axis broadcast from size 1 ({@code expand}: stride 0). */
        BROADCAST;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An input: the host view the reference reads and the same view over the device copy. */
    record Operand(Tensor host, Tensor device) {
        double[] values() {
            return host.toDoubleArray();
        }

        long[] shape() {
            return host.shape();
        }
    }

    final Device device;
    final MemoryScope scope;
    final SplittableRandom rng;

    Harness(Device device, long seed) {
        this.device = device;
        this.scope = MemoryScope.shared();
        this.rng = new SplittableRandom(seed);
    }

    /** A random operand of {@code shape}, laid out as {@code view}, with floats uniform in [lo, hi) and integers in their range near 0. */
    Operand operandIn(DType dtype, View view, double lo, double hi, long... shape) {
        return operand(dtype, view, () -> randomValue(dtype, lo, hi), shape);
    }

    /** An operand of {@code shape}, laid out as {@code view}, whose elements come from {@code values}. */
    Operand operand(DType dtype, View view, java.util.function.DoubleSupplier values, long... shape) {
        int r = shape.length;
        long[] base = shape.clone();
        View v = effective(view, r);
        switch (v) {
            case TRANSPOSED -> {
                base[r - 2] = shape[r - 1];
                base[r - 1] = shape[r - 2];
            }
            case STRIDED -> base[r - 1] = 2 * shape[r - 1] + 1;
            case OFFSET -> base[0] = shape[0] + 3;
            case BROADCAST -> base[0] = 1;
            default -> {
            }
        }
        Tensor hostBase = Tensor.zeros(scope, dtype, base);
        var seg = hostBase.memory().hostSegment();
        hostBase.forEachOffset(off -> dev.accel.tensor.Elements.setDouble(seg, off, dtype, values.getAsDouble()));
        Tensor deviceBase = upload(hostBase);
        return new Operand(apply(v, hostBase, shape), apply(v, deviceBase, shape));
    }

    Operand operand(DType dtype, View view, long... shape) {
        return operandIn(dtype, view, -1, 1, shape);
    }

    /** An operand with exactly {@code values} (converted to {@code dtype}), dense. */
    Operand operandOf(DType dtype, double[] values, long... shape) {
        Tensor host = Tensor.zeros(scope, dtype, shape);
        long[] k = {0};
        var seg = host.memory().hostSegment();
        host.forEachOffset(off -> dev.accel.tensor.Elements.setDouble(seg, off, dtype, values[(int) k[0]++]));
        return new Operand(host, upload(host));
    }

    static View effective(View view, int rank) {
        return switch (view) {
            case TRANSPOSED -> rank >= 2 ? view : View.CONTIGUOUS;
            case STRIDED, OFFSET, BROADCAST -> rank >= 1 ? view : View.CONTIGUOUS;
            default -> view;
        };
    }

    private static Tensor apply(View v, Tensor base, long[] shape) {
        int r = shape.length;
        return switch (v) {
            case TRANSPOSED -> base.transpose(r - 2, r - 1);
            case STRIDED -> base.slice(r - 1, 1, 2 * shape[r - 1] + 1, 2);
            case OFFSET -> base.narrow(0, 2, shape[0]);
            case BROADCAST -> base.expand(shape);
            default -> base;
        };
    }

    double randomValue(DType t, double lo, double hi) {
        return switch (t) {
            case F64, F32, F16, BF16 -> lo + (hi - lo) * rng.nextDouble();
            case BOOL -> rng.nextInt(2);
            case U8 -> rng.nextInt(256);
            case I8 -> rng.nextInt(-128, 128);
            case I16 -> rng.nextInt(-1000, 1001);
            default -> rng.nextInt(-100_000, 100_001);
        };
    }

    /** A copy of a host tensor in the device's default memory (a dense copy of the view's elements). */
    Tensor upload(Tensor host) {
        return host.to(device, scope);
    }

    /** A new dense tensor in the device's default memory. */
    Tensor empty(DType dtype, long... shape) {
        return Tensor.empty(device, scope, dtype, shape);
    }

    /** The elements of a device tensor, copied back to the host, in row-major order. */
    double[] fetch(Tensor onDevice) {
        Tensor host = Tensor.zeros(scope, onDevice.dtype(), onDevice.shape());
        onDevice.copyTo(host);
        return host.toDoubleArray();
    }

    /** A short description of a case's operands: {@code f32[3, 17] transposed}. */
    static String describe(DType dtype, View view, long[] shape) {
        View v = effective(view, shape.length);
        return dtype + Shapes.format(shape) + (v == View.CONTIGUOUS ? "" : " " + v.label());
    }

    @Override
    public void close() {
        scope.close();
    }

    @Override
    public String toString() {
        return "Harness[" + device.name() + ", " + scope + "]";
    }
}
