package dev.accel.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The f32 GEMM of the CPU backend: {@code C = A x B} or {@code C += A x B} on strided operands, in the
 * structure of GotoBLAS / BLIS.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li><b>Blocking.</b> {@code B} is cut into {@code kc x nc} blocks that are packed into a contiguous
 *       buffer of {@link #NR}-column micro-panels (sized for the L3 cache); for each of them {@code A} is cut
 *       into {@code mc x kc} blocks packed into {@link #MR}-row micro-panels (sized for L2). Packing reads
 *       the operands through their own strides, which is how any layout (transposed, padded rows,
 *       broadcast stride 0) reaches the same fast inner loop. Block sizes are balanced so that, e.g.,
 *       {@code k = 257} gives two blocks of 129 and 128 rather than 256 and 1.</li>
 *   <li><b>Micro-kernel.</b> An {@code MR x NR} = 6 x (2 vectors) tile of {@code C} lives in twelve vector
 *       accumulators (local variables, so C2 keeps them in registers); each step of {@code p} loads two
 *       vectors of packed {@code B}, broadcasts six values of packed {@code A} and issues twelve FMAs.
 *       With 256-bit vectors (AVX2) that is a 6 x 16 tile using 15 of the 16 ymm registers. Edge tiles
 *       run the same kernel on zero-padded panels and store only their valid part.</li>
 *   <li><b>Threads.</b> Products of at least {@link #PARALLEL_FLOPS} flops are split, by rows or by
 *       columns (whichever is longer), over {@link CpuParallel}'s pool; each part packs its own panels, so
 *       parts share nothing but the read-only operands. A product whose segments are confined to the
 *       calling thread runs on that thread only.</li>
 * </ul>
 *
 * <h2>Contract</h2>
 * Element {@code (r, c)} of an operand is the f32 at element index {@code offset + r * rowStride +
 * c * colStride} of its segment (native byte order, any alignment). Strides are non-negative (0 broadcasts);
 * every addressed element must lie inside its segment, which is checked before anything is written.
 * With {@code accumulate == false} the old content of {@code C} is never read (a NaN there does not
 * leak into the result). {@code C} must not overlap {@code A} or {@code B}, and distinct {@code (i, j)}
 * must address distinct elements of {@code C}, or the values written are undefined. The class holds no
 * mutable state: concurrent calls are safe. Packing buffers are allocated per call (at most
 * {@code (MC + NC) * KC} floats per thread, about 4.6 MB).
 */
final class Sgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** Rows of the register tile. */
    static final int MR = 4;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block: one micro-panel of B ({@code KC * NR} floats, 16 KiB with AVX2) stays in L1. */
    static final int KC = Integer.getInteger("t.kc", 256);
    /** Rows of a packed A block ({@code MC * KC} floats, 144 KiB): fits in L2 next to the B micro-panels. */
    static final int MC = Integer.getInteger("t.mc", 144);
    /** Columns of a packed B block ({@code KC * NC} floats, 4 MiB): the L3-resident panel. */
    static final int NC = Integer.getInteger("t.nc", 4096);
    /** Products below this many flops ({@code 2 m n k}) stay on the calling thread. */
    static final long PARALLEL_FLOPS = 1L << 21;

    /** Never started: a thread that owns no confined segment, to ask whether other threads may access one. */
    private static final Thread PROBE = Thread.ofPlatform().unstarted(() -> { });

    private Sgemm() {
    }

    /**
     * {@code C[i,j] = sum_p A[i,p] * B[p,j]} (plus the old {@code C[i,j]} when {@code accumulate}), using
     * every core for large products.
     *
     * @throws IllegalArgumentException for a negative size, offset or stride, or an operand that does not
     *         fit in its segment; nothing has been written then
     */
    static void multiply(int m, int n, int k,
                         MemorySegment a, long aOffset, long aRowStride, long aColStride,
                         MemorySegment b, long bOffset, long bRowStride, long bColStride,
                         MemorySegment c, long cOffset, long cRowStride, long cColStride,
                         boolean accumulate) {
        multiply(Runtime.getRuntime().availableProcessors(), m, n, k,
                a, aOffset, aRowStride, aColStride,
                b, bOffset, bRowStride, bColStride,
                c, cOffset, cRowStride, cColStride, accumulate);
    }

    /** As {@link #multiply(int, int, int, MemorySegment, long, long, long, MemorySegment, long, long, long,
     * MemorySegment, long, long, long, boolean)} on at most {@code maxThreads} threads (the caller included). */
    static void multiply(int maxThreads, int m, int n, int k,
                         MemorySegment a, long aOffset, long aRowStride, long aColStride,
                         MemorySegment b, long bOffset, long bRowStride, long bColStride,
                         MemorySegment c, long cOffset, long cRowStride, long cColStride,
                         boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative matrix size: m=" + m + " n=" + n + " k=" + k);
        }
        checkOperand("A", a, aOffset, aRowStride, aColStride, m, k);
        checkOperand("B", b, bOffset, bRowStride, bColStride, k, n);
        checkOperand("C", c, cOffset, cRowStride, cColStride, m, n);
        if (c.isReadOnly() && m > 0 && n > 0) {
            throw new IllegalArgumentException("C is a read-only segment");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        c.set(F32, (cOffset + i * cRowStride + j * cColStride) * Float.BYTES, 0f);
                    }
                }
            }
            return;
        }
        Operands o = new Operands(k, accumulate,
                a, aOffset, aRowStride, aColStride,
                b, bOffset, bRowStride, bColStride,
                c, cOffset, cRowStride, cColStride);
        long flops = 2L * m * n * k;
        int parts = 1;
        if (maxThreads > 1 && flops >= PARALLEL_FLOPS && shareable(a, b, c)) {
            parts = (int) Math.min(maxThreads, Math.max(1, flops / PARALLEL_FLOPS));
        }
        boolean byRows = m >= n;
        int len = byRows ? m : n;
        int grain = byRows ? MR : NR;
        parts = Math.min(parts, Math.max(1, (len + grain - 1) / grain));
        if (parts == 1) {
            o.run(0, m, 0, n);
            return;
        }
        int p = parts;
        CpuParallel.forRange(parts, Math.max(1, flops / (2L * parts)), true, (from, to) -> {
            for (long t = from; t < to; t++) {
                int lo = split(len, (int) t, p, grain);
                int hi = split(len, (int) t + 1, p, grain);
                if (byRows) {
                    o.run(lo, hi, 0, n);
                } else {
                    o.run(0, m, lo, hi);
                }
            }
        });
    }

    /** The start of part {@code t} of {@code p} over {@code [0, len)}, rounded to a multiple of {@code grain}. */
    private static int split(int len, int t, int p, int grain) {
        long at = (long) len * t / p;
        return (int) Math.min(len, (at + grain - 1) / grain * grain);
    }

    private static boolean shareable(MemorySegment... segments) {
        for (MemorySegment s : segments) {
            if (!s.isAccessibleBy(PROBE)) {
                return false;
            }
        }
        return true;
    }

    private static void checkOperand(String name, MemorySegment s, long offset, long rowStride, long colStride,
                                     int rows, int cols) {
        if (offset < 0 || rowStride < 0 || colStride < 0) {
            throw new IllegalArgumentException(name + ": negative offset or stride: offset=" + offset
                    + " rowStride=" + rowStride + " colStride=" + colStride);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last;
        try {
            last = Math.addExact(offset, Math.addExact(Math.multiplyExact(rows - 1L, rowStride),
                    Math.multiplyExact(cols - 1L, colStride)));
            if (Math.multiplyExact(Math.addExact(last, 1), (long) Float.BYTES) <= s.byteSize()) {
                return;
            }
        } catch (ArithmeticException e) {
            last = Long.MAX_VALUE;
        }
        throw new IllegalArgumentException(name + " [" + rows + " x " + cols + "] with offset " + offset
                + ", strides (" + rowStride + ", " + colStride + ") reaches element " + last
                + ", beyond its segment of " + s.byteSize() / Float.BYTES + " floats");
    }

    /** The operands of one call; {@link #run} computes one rectangle of C with its own packing buffers. */
    private record Operands(int k, boolean accumulate,
                            MemorySegment a, long aOff, long ars, long acs,
                            MemorySegment b, long bOff, long brs, long bcs,
                            MemorySegment c, long cOff, long crs, long ccs) {

        /** Computes {@code C[i0:i1, j0:j1]}. */
        void run(int i0, int i1, int j0, int j1) {
            int m = i1 - i0;
            int n = j1 - j0;
            int nc = balanced(n, NC, NR);
            int kc = balanced(k, KC, 1);
            int mc = balanced(m, MC, MR);
            float[] bp = new float[kc * roundUp(nc, NR)];
            float[] ap = new float[roundUp(mc, MR) * kc];
            float[] tile = new float[MR * NR];
            for (int jc = j0; jc < j1; jc += nc) {
                int ncb = Math.min(nc, j1 - jc);
                for (int pc = 0; pc < k; pc += kc) {
                    int kcb = Math.min(kc, k - pc);
                    boolean overwrite = !accumulate && pc == 0;
                    SgemmPacking.packB(kcb, ncb, b, bOff + pc * brs + jc * bcs, brs, bcs, bp);
                    for (int ic = i0; ic < i1; ic += mc) {
                        int mcb = Math.min(mc, i1 - ic);
                        SgemmPacking.packA(mcb, kcb, a, aOff + ic * ars + pc * acs, ars, acs, ap);
                        for (int jr = 0; jr < ncb; jr += NR) {
                            int nr = Math.min(NR, ncb - jr);
                            for (int ir = 0; ir < mcb; ir += MR) {
                                kernel(kcb, ap, ir * kcb, bp, jr * kcb, tile);
                                writeTile(tile, Math.min(MR, mcb - ir), nr,
                                        c, cOff + (ic + ir) * crs + (jc + jr) * ccs, crs, ccs, overwrite);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The block size near {@code max} that splits {@code len} into equal blocks, a multiple of {@code unit}. */
    private static int balanced(int len, int max, int unit) {
        int blocks = (len + max - 1) / max;
        return Math.max(unit, roundUp((len + blocks - 1) / blocks, unit));
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    /**
     * {@code tile = Ap x Bp} for one {@code MR x kc} micro-panel of A at {@code ap[ao]} and one
     * {@code kc x NR} micro-panel of B at {@code bp[bo]}; {@code tile} is {@code MR x NR}, row-major.
     * Kept free of calls that take vectors: a vector passed to a call that C2 does not inline must be
     * boxed (allocated), which in this loop costs more than the arithmetic.
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    /**
     * Writes rows {@code [0, mr)} and columns {@code [0, nr)} of {@code tile} to C at element {@code cIdx},
     * replacing the old values ({@code overwrite}) or adding to them.
     */
    private static void writeTile(float[] tile, int mr, int nr, MemorySegment c, long cIdx, long crs, long ccs,
                                  boolean overwrite) {
        if (nr == NR && ccs == 1) {
            for (int i = 0; i < mr; i++) {
                long at = (cIdx + i * crs) * Float.BYTES;
                long at1 = at + (long) L * Float.BYTES;
                FloatVector v0 = FloatVector.fromArray(S, tile, i * NR);
                FloatVector v1 = FloatVector.fromArray(S, tile, i * NR + L);
                if (!overwrite) {
                    v0 = FloatVector.fromMemorySegment(S, c, at, NATIVE).add(v0);
                    v1 = FloatVector.fromMemorySegment(S, c, at1, NATIVE).add(v1);
                }
                v0.intoMemorySegment(c, at, NATIVE);
                v1.intoMemorySegment(c, at1, NATIVE);
            }
            return;
        }
        for (int i = 0; i < mr; i++) {
            long row = cIdx + i * crs;
            for (int j = 0; j < nr; j++) {
                long at = (row + j * ccs) * Float.BYTES;
                float v = tile[i * NR + j];
                c.set(F32, at, overwrite ? v : c.get(F32, at) + v);
            }
        }
    }
}
