package dev.accel.tensor;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A view over a {@link Memory} region: a {@link DType}, a shape, strides in elements (0 allowed, for
 * broadcasting) and an offset in elements. Tensors are immutable descriptors; the bytes they describe
 * are not. Every view method ({@link #slice}, {@link #select}, {@link #reshape}, {@link #permute},
 * {@link #transpose}, {@link #expand}, {@link #squeeze}, {@link #unsqueeze}) returns a new descriptor
 * over the same bytes and copies nothing. Bytes move only through {@link #contiguous()},
 * {@link #copyTo(Tensor)}, {@link #to(Device, MemoryScope)}, and the {@code copyOf}/{@code to...Array}
 * methods, whose names say they copy.
 *
 * <p>A view is valid as long as its memory's {@link MemoryScope} is open; afterwards every access throws
 * {@link IllegalStateException}. Element access from Java ({@link #getDouble}, {@link #asSegment}) works for
 * host-accessible memory only. Out-of-range indices throw {@link IndexOutOfBoundsException} with the shape.
 */
public final class Tensor {
    private final Memory memory;
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final long offset;

    private Tensor(Memory memory, DType dtype, long[] shape, long[] strides, long offset) {
        this.memory = memory;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---- creation -------------------------------------------------------------------------------

    /**
     * A general view over {@code memory}. Checks that every addressable element lies inside the region.
     *
     * @throws IndexOutOfBoundsException if the view reaches outside the memory
     */
    public static Tensor view(Memory memory, DType dtype, long[] shape, long[] strides, long offset) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(dtype, "dtype");
        long[] sh = Shapes.checked(shape);
        if (strides.length != sh.length) {
            throw new IllegalArgumentException("strides " + Arrays.toString(strides) + " do not match shape " + Shapes.format(sh));
        }
        long[] st = strides.clone();
        checkBounds(memory, dtype, sh, st, offset);
        return new Tensor(memory, dtype, sh, st, offset);
    }

    /** A contiguous view over {@code memory} starting at element 0. */
    public static Tensor view(Memory memory, DType dtype, long... shape) {
        return view(memory, dtype, shape, Shapes.contiguousStrides(shape), 0);
    }

    /** Zero-filled host tensor, contiguous, 64-byte aligned, owned by {@code scope}. */
    public static Tensor zeros(MemoryScope scope, DType dtype, long... shape) {
        long[] sh = Shapes.checked(shape);
        Memory m = scope.allocateHost(Math.multiplyExact(Shapes.numel(sh), dtype.byteSize()));
        return new Tensor(m, dtype, sh, Shapes.contiguousStrides(sh), 0);
    }

    /** Uninitialized contiguous tensor in {@code device}'s default memory kind, owned by {@code scope}. */
    public static Tensor empty(Device device, MemoryScope scope, DType dtype, long... shape) {
        return empty(device, device.defaultMemoryKind(), scope, dtype, shape);
    }

    /** Uninitialized contiguous tensor in memory of {@code kind} allocated by {@code device}. */
    public static Tensor empty(Device device, MemoryKind kind, MemoryScope scope, DType dtype, long... shape) {
        long[] sh = Shapes.checked(shape);
        Memory m = device.allocate(scope, kind, Math.multiplyExact(Shapes.numel(sh), dtype.byteSize()));
        return new Tensor(m, dtype, sh, Shapes.contiguousStrides(sh), 0);
    }

    /**
     * Views a native segment as a contiguous tensor, without copying. The segment must hold exactly
     * {@code numel * dtype.byteSize()} bytes, in native byte order. Its own arena governs its lifetime.
     */
    public static Tensor wrap(MemorySegment segment, DType dtype, long... shape) {
        long[] sh = Shapes.checked(shape);
        long bytes = Math.multiplyExact(Shapes.numel(sh), dtype.byteSize());
        if (segment.byteSize() != bytes) {
            throw new IllegalArgumentException("segment has " + segment.byteSize() + " bytes but " + dtype + Shapes.format(sh) + " needs " + bytes);
        }
        return new Tensor(Memory.wrap(segment), dtype, sh, Shapes.contiguousStrides(sh), 0);
    }

    /**
     * Views a direct buffer's remaining bytes (from position to limit) as a contiguous tensor, without
     * copying. The bytes are read in native order whatever the buffer's {@link ByteBuffer#order()}.
     */
    public static Tensor wrap(ByteBuffer directBuffer, DType dtype, long... shape) {
        if (!directBuffer.isDirect()) {
            throw new IllegalArgumentException("only direct ByteBuffers can be viewed without a copy; use Tensor.copyOf for heap data");
        }
        return wrap(MemorySegment.ofBuffer(directBuffer), dtype, shape);
    }

    /** Copies {@code data} into a new f32 host tensor. */
    public static Tensor copyOf(MemoryScope scope, float[] data, long... shape) {
        Tensor t = zerosFor(scope, DType.F32, data.length, shape);
        MemorySegment.copy(data, 0, t.memory.hostSegment(), ValueLayout.JAVA_FLOAT, 0, data.length);
        return t;
    }

    /** Copies {@code data} into a new f64 host tensor. */
    public static Tensor copyOf(MemoryScope scope, double[] data, long... shape) {
        Tensor t = zerosFor(scope, DType.F64, data.length, shape);
        MemorySegment.copy(data, 0, t.memory.hostSegment(), ValueLayout.JAVA_DOUBLE, 0, data.length);
        return t;
    }

    /** Copies {@code data} into a new i32 host tensor. */
    public static Tensor copyOf(MemoryScope scope, int[] data, long... shape) {
        Tensor t = zerosFor(scope, DType.I32, data.length, shape);
        MemorySegment.copy(data, 0, t.memory.hostSegment(), ValueLayout.JAVA_INT, 0, data.length);
        return t;
    }

    /** Copies {@code data} into a new i64 host tensor. */
    public static Tensor copyOf(MemoryScope scope, long[] data, long... shape) {
        Tensor t = zerosFor(scope, DType.I64, data.length, shape);
        MemorySegment.copy(data, 0, t.memory.hostSegment(), ValueLayout.JAVA_LONG, 0, data.length);
        return t;
    }

    /** Copies raw native-order bytes into a new host tensor of {@code dtype}. */
    public static Tensor copyOf(MemoryScope scope, byte[] raw, DType dtype, long... shape) {
        long[] sh = Shapes.checked(shape);
        long bytes = Math.multiplyExact(Shapes.numel(sh), dtype.byteSize());
        if (raw.length != bytes) {
            throw new IllegalArgumentException(raw.length + " bytes given, " + dtype + Shapes.format(sh) + " needs " + bytes);
        }
        Tensor t = zeros(scope, dtype, sh);
        MemorySegment.copy(raw, 0, t.memory.hostSegment(), ValueLayout.JAVA_BYTE, 0, raw.length);
        return t;
    }

    private static Tensor zerosFor(MemoryScope scope, DType dtype, int length, long[] shape) {
        long[] sh = Shapes.checked(shape);
        if (Shapes.numel(sh) != length) {
            throw new IllegalArgumentException(length + " values given for shape " + Shapes.format(sh) + " (" + Shapes.numel(sh) + " elements)");
        }
        return zeros(scope, dtype, sh);
    }

    // ---- descriptor -----------------------------------------------------------------------------

    public DType dtype() {
        return dtype;
    }

    public Memory memory() {
        return memory;
    }

    public MemoryKind memoryKind() {
        return memory.kind();
    }

    public int rank() {
        return shape.length;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Size of axis {@code dim} (negative counts from the end). */
    public long size(int dim) {
        return shape[Shapes.axis(dim, shape.length)];
    }

    /** A copy of the strides, in elements. */
    public long[] strides() {
        return strides.clone();
    }

    /** Stride of axis {@code dim} in elements (negative counts from the end). */
    public long stride(int dim) {
        return strides[Shapes.axis(dim, shape.length)];
    }

    /** Offset of element {@code [0, ..., 0]} from the start of the memory, in elements. */
    public long offset() {
        return offset;
    }

    public long numel() {
        return Shapes.numel(shape);
    }

    /** Bytes covered by the elements (numel times element size), not counting gaps or repeats. */
    public long byteSize() {
        return numel() * dtype.byteSize();
    }

    /** True when the elements are packed in row-major order (axes of size 1 may have any stride; empty tensors always are). */
    public boolean isContiguous() {
        for (long d : shape) {
            if (d == 0) {
                return true; // no elements: any strides describe the same (empty) packing
            }
        }
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    // ---- views ----------------------------------------------------------------------------------

    /** Elements {@code start, start+step, ... < end} of axis {@code dim}. Bounds are clamped as in Python slicing; step &gt;= 1. */
    public Tensor slice(int dim, long start, long end, long step) {
        int d = Shapes.axis(dim, shape.length);
        if (step < 1) {
            throw new IllegalArgumentException("slice step must be >= 1, got " + step);
        }
        long n = shape[d];
        long s = clampIndex(start, n);
        long e = clampIndex(end, n);
        long len = e <= s ? 0 : (e - s + step - 1) / step;
        long[] sh = shape.clone();
        long[] st = strides.clone();
        sh[d] = len;
        st[d] = strides[d] * step;
        return new Tensor(memory, dtype, sh, st, len == 0 ? offset : offset + s * strides[d]);
    }

    /** Elements {@code start ... end-1} of axis {@code dim}. */
    public Tensor slice(int dim, long start, long end) {
        return slice(dim, start, end, 1);
    }

    /** {@code length} elements of axis {@code dim} from {@code start}; both must be in range. */
    public Tensor narrow(int dim, long start, long length) {
        int d = Shapes.axis(dim, shape.length);
        if (start < 0 || length < 0 || start + length > shape[d]) {
            throw new IndexOutOfBoundsException("narrow(" + dim + ", " + start + ", " + length + ") out of range for shape " + Shapes.format(shape));
        }
        return slice(d, start, start + length, 1);
    }

    /** The sub-tensor at {@code index} of axis {@code dim}; the axis is removed. */
    public Tensor select(int dim, long index) {
        int d = Shapes.axis(dim, shape.length);
        long i = index < 0 ? index + shape[d] : index;
        if (i < 0 || i >= shape[d]) {
            throw new IndexOutOfBoundsException("index " + index + " out of range for axis " + d + " of shape " + Shapes.format(shape));
        }
        return new Tensor(memory, dtype, remove(shape, d), remove(strides, d), offset + i * strides[d]);
    }

    /**
     * The same elements under a new shape (one size may be -1, inferred), without copying.
     *
     * @throws AccelException with {@link ErrorCode#NOT_A_VIEW} when the strides cannot express the new
     *         shape; call {@link #contiguous()} first (it copies)
     */
    public Tensor reshape(long... newShape) {
        long[] sh = inferShape(newShape);
        long[] st = viewStrides(sh);
        if (st == null) {
            throw new AccelException(ErrorCode.NOT_A_VIEW, "cannot view shape " + Shapes.format(shape) + " with strides "
                    + Arrays.toString(strides) + " as " + Shapes.format(sh) + " without a copy; call contiguous() first (it copies)");
        }
        return new Tensor(memory, dtype, sh, st, offset);
    }

    /** Reorders the axes: axis {@code i} of the result is axis {@code dims[i]} of this tensor. */
    public Tensor permute(int... dims) {
        if (dims.length != shape.length) {
            throw new IllegalArgumentException("permute needs " + shape.length + " axes, got " + Arrays.toString(dims));
        }
        long[] sh = new long[dims.length];
        long[] st = new long[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.axis(dims[i], shape.length);
            if (seen[d]) {
                throw new IllegalArgumentException("permute repeats axis " + d + ": " + Arrays.toString(dims));
            }
            seen[d] = true;
            sh[i] = shape[d];
            st[i] = strides[d];
        }
        return new Tensor(memory, dtype, sh, st, offset);
    }

    /** Swaps two axes. */
    public Tensor transpose(int dim0, int dim1) {
        int a = Shapes.axis(dim0, shape.length);
        int b = Shapes.axis(dim1, shape.length);
        int[] p = new int[shape.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        p[a] = b;
        p[b] = a;
        return permute(p);
    }

    /**
     * Broadcasts to {@code newShape} (NumPy rules: new leading axes, and axes of size 1 repeated) with
     * stride 0; no copy. A size of -1 keeps the existing size.
     */
    public Tensor expand(long... newShape) {
        if (newShape.length < shape.length) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "cannot expand " + Shapes.format(shape) + " to fewer axes " + Shapes.format(newShape));
        }
        int lead = newShape.length - shape.length;
        long[] sh = new long[newShape.length];
        long[] st = new long[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            long want = newShape[i];
            if (i < lead) {
                if (want < 0) {
                    throw new IllegalArgumentException("-1 is not allowed for a new leading axis in expand " + Shapes.format(newShape));
                }
                sh[i] = want;
                st[i] = 0;
            } else {
                long have = shape[i - lead];
                long size = want == -1 ? have : want;
                if (size == have) {
                    sh[i] = have;
                    st[i] = strides[i - lead];
                } else if (have == 1) {
                    sh[i] = size;
                    st[i] = 0;
                } else {
                    throw new AccelException(ErrorCode.SHAPE_MISMATCH, "cannot expand " + Shapes.format(shape) + " to " + Shapes.format(newShape)
                            + ": axis " + i + " has size " + have + " (only size-1 axes broadcast)");
                }
            }
        }
        return new Tensor(memory, dtype, Shapes.checked(sh), st, offset);
    }

    /** Removes every axis of size 1. */
    public Tensor squeeze() {
        int keep = 0;
        for (long d : shape) {
            if (d != 1) {
                keep++;
            }
        }
        long[] sh = new long[keep];
        long[] st = new long[keep];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (shape[i] != 1) {
                sh[j] = shape[i];
                st[j++] = strides[i];
            }
        }
        return new Tensor(memory, dtype, sh, st, offset);
    }

    /** Removes axis {@code dim}, which must have size 1. */
    public Tensor squeeze(int dim) {
        int d = Shapes.axis(dim, shape.length);
        if (shape[d] != 1) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "cannot squeeze axis " + d + " of size " + shape[d] + " in shape " + Shapes.format(shape));
        }
        return new Tensor(memory, dtype, remove(shape, d), remove(strides, d), offset);
    }

    /** Inserts an axis of size 1 at {@code dim} (0 ... rank; negative counts from the end, -1 appends). */
    public Tensor unsqueeze(int dim) {
        int d = dim < 0 ? dim + shape.length + 1 : dim;
        if (d < 0 || d > shape.length) {
            throw new IndexOutOfBoundsException("unsqueeze axis " + dim + " out of range for rank " + shape.length);
        }
        if (shape.length + 1 > Shapes.MAX_RANK) {
            throw new IllegalArgumentException("rank would exceed " + Shapes.MAX_RANK);
        }
        long[] sh = insert(shape, d, 1);
        long innerStride = d < shape.length ? strides[d] * shape[d] : 1;
        long[] st = insert(strides, d, innerStride);
        return new Tensor(memory, dtype, sh, st, offset);
    }

    // ---- zero-copy interop ----------------------------------------------------------------------

    /**
     * The tensor's bytes as a segment, without copying: a slice of the memory's segment. Valid while the
     * memory's scope is open.
     *
     * @throws AccelException with {@link ErrorCode#NOT_A_VIEW} if the tensor is not contiguous
     * @throws IllegalStateException if the memory is on a device or freed
     */
    public MemorySegment asSegment() {
        if (!isContiguous()) {
            throw new AccelException(ErrorCode.NOT_A_VIEW, "tensor " + this + " is not contiguous; call contiguous() first (it copies)");
        }
        return memory.hostSegment().asSlice(offset * dtype.byteSize(), byteSize());
    }

    /** {@link #asSegment()} as a direct {@link ByteBuffer} in native order, without copying. */
    public ByteBuffer asByteBuffer() {
        return asSegment().asByteBuffer().order(java.nio.ByteOrder.nativeOrder());
    }

    // ---- element access (host memory) -----------------------------------------------------------

    /** The element at {@code index}, converted to double. */
    public double getDouble(long... index) {
        return Elements.getDouble(memory.hostSegment(), byteOffsetOf(index), dtype);
    }

    /** The element at {@code index}, converted to long (floats truncate toward zero). */
    public long getLong(long... index) {
        return Elements.getLong(memory.hostSegment(), byteOffsetOf(index), dtype);
    }

    /** Writes {@code value}, converted to this dtype, at {@code index}. */
    public void setDouble(double value, long... index) {
        Elements.setDouble(memory.hostSegment(), byteOffsetOf(index), dtype, value);
    }

    /** Writes {@code value}, converted to this dtype, at {@code index}. */
    public void setLong(long value, long... index) {
        Elements.setLong(memory.hostSegment(), byteOffsetOf(index), dtype, value);
    }

    /** Byte offset in the memory of the element at {@code index}. */
    public long byteOffsetOf(long... index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " has " + index.length + " axes, shape " + Shapes.format(shape) + " has " + shape.length);
        }
        long e = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of range for shape " + Shapes.format(shape));
            }
            e += index[i] * strides[i];
        }
        return e * dtype.byteSize();
    }

    /** Copies all elements, in row-major order, converted to float, into a new array. */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(numel())];
        MemorySegment s = memory.hostSegment();
        int[] k = {0};
        forEachOffset((off) -> out[k[0]++] = (float) Elements.getDouble(s, off, dtype));
        return out;
    }

    /** Copies all elements, in row-major order, converted to double, into a new array. */
    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(numel())];
        MemorySegment s = memory.hostSegment();
        int[] k = {0};
        forEachOffset((off) -> out[k[0]++] = Elements.getDouble(s, off, dtype));
        return out;
    }

    /** Copies all elements, in row-major order, converted to long, into a new array. */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(numel())];
        MemorySegment s = memory.hostSegment();
        int[] k = {0};
        forEachOffset((off) -> out[k[0]++] = Elements.getLong(s, off, dtype));
        return out;
    }

    /** Calls {@code action} with the byte offset of every element, in row-major order. Host memory only. */
    public void forEachOffset(java.util.function.LongConsumer action) {
        memory.checkAlive();
        long n = numel();
        if (n == 0) {
            return;
        }
        int r = shape.length;
        long[] idx = new long[r];
        long esize = dtype.byteSize();
        long off = offset * esize;
        for (long c = 0; c < n; c++) {
            action.accept(off);
            for (int d = r - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    off += strides[d] * esize;
                    break;
                }
                off -= (shape[d] - 1) * strides[d] * esize;
                idx[d] = 0;
            }
        }
    }

    // ---- copies ---------------------------------------------------------------------------------

    /**
     * Copies this tensor's elements into {@code dst} (same dtype; this tensor's shape must broadcast to
     * {@code dst}'s). Works between any memory kinds: host-to-host in Java, anything involving a device
     * through that device's backend, synchronously.
     */
    public void copyTo(Tensor dst) {
        if (dst.dtype != dtype) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "copyTo needs the same dtype (" + dtype + " -> " + dst.dtype + "); use the cast op to convert");
        }
        Tensor src = Arrays.equals(shape, dst.shape) ? this : expand(dst.shape);
        if (memory.kind().isHostAccessible() && dst.memory.kind().isHostAccessible()) {
            HostCopy.copy(src, dst);
            return;
        }
        Device device = dst.memory.kind() == MemoryKind.DEVICE ? dst.memory.device().orElseThrow() : memory.device().orElseThrow();
        device.copy(src, dst);
    }

    /**
     * This tensor if it is already contiguous; otherwise a contiguous copy in new memory of the same kind,
     * owned by this memory's scope (an automatic, GC-freed scope for wrapped segments).
     *
     * @throws IllegalStateException if the memory has been freed (also when no copy would be needed)
     */
    public Tensor contiguous() {
        memory.checkAlive();
        if (isContiguous()) {
            return this;
        }
        Tensor out = memory.kind().isHostAccessible() || memory.device().isEmpty()
                ? zeros(memory.scope(), dtype, shape)
                : empty(memory.device().get(), memory.kind(), memory.scope(), dtype, shape);
        copyTo(out);
        return out;
    }

    /** Copies this tensor into new memory of {@code device}'s default kind, owned by {@code scope}. */
    public Tensor to(Device device, MemoryScope scope) {
        Tensor out = empty(device, scope, dtype, shape);
        copyTo(out);
        return out;
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + Shapes.format(shape) + ", strides " + Arrays.toString(strides) + ", offset " + offset + ", " + memory.kind()
                + (memory.isAlive() ? "" : ", freed") + "]";
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static long clampIndex(long i, long n) {
        long v = i < 0 ? i + n : i;
        return Math.max(0, Math.min(n, v));
    }

    private static long[] remove(long[] a, int at) {
        long[] out = new long[a.length - 1];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(a, at + 1, out, at, a.length - at - 1);
        return out;
    }

    private static long[] insert(long[] a, int at, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    private long[] inferShape(long[] newShape) {
        long[] sh = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < sh.length; i++) {
            if (sh[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("only one size may be -1 in reshape " + Shapes.format(newShape));
                }
                infer = i;
            } else if (sh[i] < 0) {
                throw new IllegalArgumentException("negative size in reshape " + Shapes.format(newShape));
            } else {
                known = Math.multiplyExact(known, sh[i]);
            }
        }
        long n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new AccelException(ErrorCode.SHAPE_MISMATCH, "cannot reshape " + Shapes.format(shape) + " (" + n + " elements) to " + Shapes.format(newShape));
            }
            sh[infer] = n / known;
        } else if (known != n) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "cannot reshape " + Shapes.format(shape) + " (" + n + " elements) to " + Shapes.format(newShape) + " (" + known + " elements)");
        }
        return Shapes.checked(sh);
    }

    /** Strides that view this tensor's elements in {@code newShape}, or null (PyTorch's computeStride). */
    private long[] viewStrides(long[] newShape) {
        long n = numel();
        if (n == 0 || n == 1 || isContiguous()) {
            return Shapes.contiguousStrides(newShape);
        }
        long[] newStrides = new long[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBaseStride = strides[strides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int tensorD = shape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= shape[tensorD];
            if (tensorD == 0 || (shape[tensorD - 1] != 1 && strides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBaseStride;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (tensorD > 0) {
                    chunkBaseStride = strides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    private static void checkBounds(Memory memory, DType dtype, long[] shape, long[] strides, long offset) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        long lo = offset;
        long hi = offset;
        for (int i = 0; i < shape.length; i++) {
            long span = (shape[i] - 1) * strides[i];
            if (span < 0) {
                lo += span;
            } else {
                hi += span;
            }
        }
        long limit = memory.byteSize() / dtype.byteSize();
        if (lo < 0 || hi >= limit) {
            throw new IndexOutOfBoundsException("view " + dtype + Shapes.format(shape) + " strides " + Arrays.toString(strides) + " offset " + offset
                    + " reaches elements [" + lo + ", " + hi + "] outside the memory's " + limit + " elements");
        }
    }
}
