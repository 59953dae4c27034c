package dev.accel.cpu;

import dev.accel.backend.BinaryOp;
import dev.accel.backend.UnaryOp;
import dev.accel.tensor.DType;
import dev.accel.tensor.Elements;
import dev.accel.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Elementwise kernels: binary ops with broadcasting, unary ops and scale. Operands are walked through a
 * collapsed {@link Layout}; spans whose operands are all f32 with inner stride 1 (or 0, a broadcast scalar
 * for inputs) run on the Vector API, everything else through a float64 loop over {@link Elements}.
 * Callers have checked dtypes and shapes.
 */
final class ElementwiseKernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
    private static final float MINUS_INV_SQRT2 = (float) (-1 / Math.sqrt(2));

    private ElementwiseKernels() {
    }

    /** {@code out = a (op) b}; {@code a} and {@code b} broadcast to {@code out}'s shape. */
    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        long[] shape = out.shape();
        Tensor ae = a.expand(shape);
        Tensor be = b.expand(shape);
        Layout l = Layout.of(shape, ae.strides(), be.strides(), out.strides());
        if (l.numel == 0) {
            return;
        }
        long[] base = {ae.offset(), be.offset(), out.offset()};
        MemorySegment as = a.memory().hostSegment();
        MemorySegment bs = b.memory().hostSegment();
        MemorySegment os = out.memory().hostSegment();
        DType at = a.dtype();
        DType bt = b.dtype();
        DType ot = out.dtype();
        boolean f32 = at == DType.F32 && bt == DType.F32 && ot == DType.F32;
        long sa = l.innerStride(0);
        long sb = l.innerStride(1);
        long so = l.innerStride(2);
        CpuParallel.forRange(l.numel, 1, CpuParallel.shareable(a, b, out), (from, to) -> l.forSpans(from, to, base, (off, len) -> {
            if (f32) {
                binaryF32(op, as, off[0], sa, bs, off[1], sb, os, off[2], so, len);
            } else {
                for (long i = 0; i < len; i++) {
                    double x = Elements.getDouble(as, (off[0] + i * sa) * at.byteSize(), at);
                    double y = Elements.getDouble(bs, (off[1] + i * sb) * bt.byteSize(), bt);
                    Elements.setDouble(os, (off[2] + i * so) * ot.byteSize(), ot, op.apply(x, y));
                }
            }
        }));
    }

    /**
     * One f32 span; offsets and strides in elements. The vector loops are separate methods for the
     * vector-vector, scalar-vector and vector-scalar cases: one loop choosing per iteration between a
     * broadcast register and a load keeps the JIT from proving the vectors non-null, and it then deoptimises
     * back and forth when calls of both kinds alternate (seen as 100x slower bias adds in the BERT engine).
     */
    private static void binaryF32(BinaryOp op, MemorySegment a, long ao, long sa, MemorySegment b, long bo, long sb,
                                  MemorySegment o, long oo, long so, long n) {
        long i = 0;
        if (so == 1) {
            long bound = n - (n % SPECIES.length());
            if (sa == 1 && sb == 1) {
                binaryF32VV(op, a, ao, b, bo, o, oo, bound);
                i = bound;
            } else if (sa == 0 && sb == 1) {
                binaryF32SV(op, a.get(F32, ao * 4), b, bo, o, oo, bound);
                i = bound;
            } else if (sa == 1 && sb == 0) {
                binaryF32VS(op, a, ao, b.get(F32, bo * 4), o, oo, bound);
                i = bound;
            }
        }
        if (i < n) { // the remainder, or strided operands: one scalar loop per op (see the note on the vector loops)
            long from = i;
            switch (op) {
                case ADD -> {
                    for (long j = from; j < n; j++) {
                        o.set(F32, (oo + j * so) * 4, a.get(F32, (ao + j * sa) * 4) + b.get(F32, (bo + j * sb) * 4));
                    }
                }
                case SUB -> {
                    for (long j = from; j < n; j++) {
                        o.set(F32, (oo + j * so) * 4, a.get(F32, (ao + j * sa) * 4) - b.get(F32, (bo + j * sb) * 4));
                    }
                }
                case MUL -> {
                    for (long j = from; j < n; j++) {
                        o.set(F32, (oo + j * so) * 4, a.get(F32, (ao + j * sa) * 4) * b.get(F32, (bo + j * sb) * 4));
                    }
                }
                case DIV -> {
                    for (long j = from; j < n; j++) {
                        o.set(F32, (oo + j * so) * 4, a.get(F32, (ao + j * sa) * 4) / b.get(F32, (bo + j * sb) * 4));
                    }
                }
            }
        }
    }

    /** Largest span one int-counted vector loop handles; longer spans are cut into pieces of this length. */
    private static final long INT_SPAN = 1L << 30;

    /*
     * How the f32 vector loops are written, after what C2 (JDK 25) did to the first versions in the BERT engine:
     * - One loop per op: a switch on the op inside the loop is loop-invariant, so C2 hoists the branch it saw most
     *   (ADD) out of the loop as a "profiled loop predicate"; the first MUL then fails it and the compiled loop is
     *   thrown away ("made not entrant: uncommon trap"), recompiled with the same guess, and so on, over a hundred
     *   times in 15 s, running interpreted or C1 code (scalar fallbacks of the Vector API) in between.
     * - Int-counted over at most INT_SPAN elements: a long induction variable gives a long counted loop whose hoisted
     *   checks failed the same way.
     */
    private static void binaryF32VV(BinaryOp op, MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, long bound) {
        for (long at = 0; at < bound; at += INT_SPAN) {
            int n = (int) Math.min(INT_SPAN, bound - at);
            switch (op) {
                case ADD -> addVV(a, ao + at, b, bo + at, o, oo + at, n);
                case SUB -> subVV(a, ao + at, b, bo + at, o, oo + at, n);
                case MUL -> mulVV(a, ao + at, b, bo + at, o, oo + at, n);
                case DIV -> divVV(a, ao + at, b, bo + at, o, oo + at, n);
            }
        }
    }

    private static void binaryF32SV(BinaryOp op, float x, MemorySegment b, long bo, MemorySegment o, long oo, long bound) {
        for (long at = 0; at < bound; at += INT_SPAN) {
            int n = (int) Math.min(INT_SPAN, bound - at);
            switch (op) {
                case ADD -> addSV(x, b, bo + at, o, oo + at, n);
                case SUB -> subSV(x, b, bo + at, o, oo + at, n);
                case MUL -> mulSV(x, b, bo + at, o, oo + at, n);
                case DIV -> divSV(x, b, bo + at, o, oo + at, n);
            }
        }
    }

    private static void binaryF32VS(BinaryOp op, MemorySegment a, long ao, float y, MemorySegment o, long oo, long bound) {
        for (long at = 0; at < bound; at += INT_SPAN) {
            int n = (int) Math.min(INT_SPAN, bound - at);
            switch (op) {
                case ADD -> addVS(a, ao + at, y, o, oo + at, n);
                case SUB -> subVS(a, ao + at, y, o, oo + at, n);
                case MUL -> mulVS(a, ao + at, y, o, oo + at, n);
                case DIV -> divVS(a, ao + at, y, o, oo + at, n);
            }
        }
    }

    private static void addVV(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            FloatVector va = FloatVector.fromMemorySegment(SPECIES, a, (ao + i) * 4, ORDER);
            va.add(FloatVector.fromMemorySegment(SPECIES, b, (bo + i) * 4, ORDER)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void addSV(float x, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        FloatVector va = FloatVector.broadcast(SPECIES, x);
        for (int i = 0; i < n; i += SPECIES.length()) {
            va.add(FloatVector.fromMemorySegment(SPECIES, b, (bo + i) * 4, ORDER)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void addVS(MemorySegment a, long ao, float y, MemorySegment o, long oo, int n) {
        FloatVector vb = FloatVector.broadcast(SPECIES, y);
        for (int i = 0; i < n; i += SPECIES.length()) {
            FloatVector.fromMemorySegment(SPECIES, a, (ao + i) * 4, ORDER).add(vb).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void subVV(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            FloatVector va = FloatVector.fromMemorySegment(SPECIES, a, (ao + i) * 4, ORDER);
            va.sub(FloatVector.fromMemorySegment(SPECIES, b, (bo + i) * 4, ORDER)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void subSV(float x, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        FloatVector va = FloatVector.broadcast(SPECIES, x);
        for (int i = 0; i < n; i += SPECIES.length()) {
            va.sub(FloatVector.fromMemorySegment(SPECIES, b, (bo + i) * 4, ORDER)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void subVS(MemorySegment a, long ao, float y, MemorySegment o, long oo, int n) {
        FloatVector vb = FloatVector.broadcast(SPECIES, y);
        for (int i = 0; i < n; i += SPECIES.length()) {
            FloatVector.fromMemorySegment(SPECIES, a, (ao + i) * 4, ORDER).sub(vb).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void mulVV(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            FloatVector va = FloatVector.fromMemorySegment(SPECIES, a, (ao + i) * 4, ORDER);
            va.mul(FloatVector.fromMemorySegment(SPECIES, b, (bo + i) * 4, ORDER)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void mulSV(float x, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        FloatVector va = FloatVector.broadcast(SPECIES, x);
        for (int i = 0; i < n; i += SPECIES.length()) {
            va.mul(FloatVector.fromMemorySegment(SPECIES, b, (bo + i) * 4, ORDER)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void mulVS(MemorySegment a, long ao, float y, MemorySegment o, long oo, int n) {
        FloatVector vb = FloatVector.broadcast(SPECIES, y);
        for (int i = 0; i < n; i += SPECIES.length()) {
            FloatVector.fromMemorySegment(SPECIES, a, (ao + i) * 4, ORDER).mul(vb).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void divVV(MemorySegment a, long ao, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        for (int i = 0; i < n; i += SPECIES.length()) {
            FloatVector va = FloatVector.fromMemorySegment(SPECIES, a, (ao + i) * 4, ORDER);
            va.div(FloatVector.fromMemorySegment(SPECIES, b, (bo + i) * 4, ORDER)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void divSV(float x, MemorySegment b, long bo, MemorySegment o, long oo, int n) {
        FloatVector va = FloatVector.broadcast(SPECIES, x);
        for (int i = 0; i < n; i += SPECIES.length()) {
            va.div(FloatVector.fromMemorySegment(SPECIES, b, (bo + i) * 4, ORDER)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void divVS(MemorySegment a, long ao, float y, MemorySegment o, long oo, int n) {
        FloatVector vb = FloatVector.broadcast(SPECIES, y);
        for (int i = 0; i < n; i += SPECIES.length()) {
            FloatVector.fromMemorySegment(SPECIES, a, (ao + i) * 4, ORDER).div(vb).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    /** {@code out = op(x)}, or {@code out = x * factor} when {@code op} is null. */
    static void unary(UnaryOp op, double factor, Tensor x, Tensor out) {
        long[] shape = out.shape();
        Layout l = Layout.of(shape, x.strides(), out.strides());
        if (l.numel == 0) {
            return;
        }
        long[] base = {x.offset(), out.offset()};
        MemorySegment xs = x.memory().hostSegment();
        MemorySegment os = out.memory().hostSegment();
        DType xt = x.dtype();
        DType ot = out.dtype();
        boolean f32 = xt == DType.F32 && ot == DType.F32;
        long sx = l.innerStride(0);
        long so = l.innerStride(1);
        long cost = op == null || op == UnaryOp.RELU ? 1 : 8;
        CpuParallel.forRange(l.numel, cost, CpuParallel.shareable(x, out), (from, to) -> l.forSpans(from, to, base, (off, len) -> {
            if (f32) {
                unaryF32(op, (float) factor, xs, off[0], sx, os, off[1], so, len);
            } else {
                for (long i = 0; i < len; i++) {
                    double v = Elements.getDouble(xs, (off[0] + i * sx) * xt.byteSize(), xt);
                    Elements.setDouble(os, (off[1] + i * so) * ot.byteSize(), ot, op == null ? v * factor : op.apply(v));
                }
            }
        }));
    }

    private static void unaryF32(UnaryOp op, float factor, MemorySegment x, long xo, long sx, MemorySegment o, long oo, long so, long n) {
        long i = 0;
        if (sx == 1 && so == 1) {
            int lanes = SPECIES.length();
            long bound = n - (n % lanes);
            for (long at = 0; at < bound; at += INT_SPAN) { // int-counted loops: see binaryF32VV
                int span = (int) Math.min(INT_SPAN, bound - at);
                unaryF32Vector(op, factor, x, xo + at, o, oo + at, span);
            }
            i = bound;
        }
        for (; i < n; i++) {
            float v = x.get(F32, (xo + i * sx) * 4);
            o.set(F32, (oo + i * so) * 4, op == null ? v * factor : (float) op.apply(v));
        }
    }

    /**
     * {@code op} (or the scaling by {@code factor} when null) on every lane, in f32, one loop per op chosen outside it
     * (see the note on the vector loops). GELU (tanh) is evaluated as {@code x * sigmoid(2u)}, which equals
     * {@code 0.5 x (1 + tanh u)} but keeps its relative accuracy where {@code 1 + tanh u} cancels; GELU (erf) uses
     * {@link #erfc} (relative error below 1.2e-7 before f32 rounding).
     */
    private static void unaryF32Vector(UnaryOp op, float factor, MemorySegment x, long xo, MemorySegment o, long oo, int bound) {
        if (op == null) {
            for (int i = 0; i < bound; i += SPECIES.length()) {
                FloatVector.fromMemorySegment(SPECIES, x, (xo + i) * 4, ORDER).mul(factor).intoMemorySegment(o, (oo + i) * 4, ORDER);
            }
            return;
        }
        switch (op) {
            case EXP -> expF32(x, xo, o, oo, bound);
            case TANH -> tanhF32(x, xo, o, oo, bound);
            case SILU -> siluF32(x, xo, o, oo, bound);
            case RELU -> reluF32(x, xo, o, oo, bound);
            case GELU_TANH -> geluTanhF32(x, xo, o, oo, bound);
            case GELU_ERF -> geluErfF32(x, xo, o, oo, bound);
        }
    }

    private static void expF32(MemorySegment x, long xo, MemorySegment o, long oo, int bound) {
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromMemorySegment(SPECIES, x, (xo + i) * 4, ORDER);
            v.lanewise(VectorOperators.EXP).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void tanhF32(MemorySegment x, long xo, MemorySegment o, long oo, int bound) {
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromMemorySegment(SPECIES, x, (xo + i) * 4, ORDER);
            v.lanewise(VectorOperators.TANH).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void siluF32(MemorySegment x, long xo, MemorySegment o, long oo, int bound) {
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromMemorySegment(SPECIES, x, (xo + i) * 4, ORDER);
            v.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void reluF32(MemorySegment x, long xo, MemorySegment o, long oo, int bound) {
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromMemorySegment(SPECIES, x, (xo + i) * 4, ORDER);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    private static void geluTanhF32(MemorySegment x, long xo, MemorySegment o, long oo, int bound) {
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromMemorySegment(SPECIES, x, (xo + i) * 4, ORDER);
            geluTanh(v).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    /** GELU (tanh form) as {@code x * sigmoid(2u)}. */
    private static FloatVector geluTanh(FloatVector v) {
        FloatVector u = v.mul(v).mul(0.044715f).add(1f).mul(v).mul(SQRT_2_OVER_PI);
        return v.div(u.mul(-2f).lanewise(VectorOperators.EXP).add(1f));
    }

    private static void geluErfF32(MemorySegment x, long xo, MemorySegment o, long oo, int bound) {
        for (int i = 0; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromMemorySegment(SPECIES, x, (xo + i) * 4, ORDER);
            v.mul(0.5f).mul(erfc(v.mul(MINUS_INV_SQRT2))).intoMemorySegment(o, (oo + i) * 4, ORDER);
        }
    }

    /**
     * The complementary error function in f32 (Numerical Recipes' Chebyshev fit {@code erfcc}: fractional
     * error below 1.2e-7 everywhere, so that {@code x * erfc(-x / sqrt 2)} keeps its relative accuracy for
     * negative x).
     */
    static FloatVector erfc(FloatVector x) {
        FloatVector z = x.abs();
        FloatVector t = FloatVector.broadcast(SPECIES, 1f).div(z.fma(0.5f, 1f));
        // Horner's rule with fused multiply-adds: 1.6x faster than separate products and sums (measured on Zen 3)
        FloatVector p = t.fma(0.17087277f, -0.82215223f);
        p = p.fma(t, FloatVector.broadcast(SPECIES, 1.48851587f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, -1.13520398f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 0.27886807f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, -0.18628806f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 0.09678418f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 0.37409196f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, 1.00002368f));
        p = p.fma(t, FloatVector.broadcast(SPECIES, -1.26551223f));
        FloatVector ans = t.mul(z.neg().fma(z, p).lanewise(VectorOperators.EXP));
        return ans.blend(ans.neg().add(2f), x.compare(VectorOperators.LT, 0f));
    }
}
