package dev.accel.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;

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
 *   <li><b>Micro-kernel.</b> An {@code MR x NR} = 4 x (2 vectors) tile of {@code C} lives in eight vector
 *       accumulators (local variables, so C2 keeps them in registers); each step of {@code p} loads two
 *       vectors of packed {@code B}, broadcasts four values of packed {@code A} and issues eight FMAs. Eight
 *       independent accumulators are just enough to hide the FMA latency (4 cycles, 2 per cycle on Zen 3 and
 *       Haswell and later). The textbook AVX2 tile, 6 x 16, does not work in Java: C2 keeps up to three
 *       broadcasts live at once, runs out of the 16 ymm registers and spills one accumulator to the stack,
 *       and the store-to-load round trip on that loop-carried value halves the speed (measured on Zen 3,
 *       JDK 25: 6 x 16 runs at 44, 4 x 16 at 98 GFLOP/s on L1-resident panels). The kernel writes its tile to
 *       a small array and {@link #writeTile} moves it to C: a vector handed to a call that C2 does not inline
 *       is boxed (allocated) on every iteration. Edge tiles run the same kernel on zero-padded panels and
 *       store only their valid part.</li>
 *   <li><b>Threads.</b> Products of at least twice {@link #PARALLEL_FLOPS} flops (prepared products: or of
 *       at least twice {@link #PARALLEL_PACKED_BYTES} bytes of B, which they stream from memory) run on up to
 *       {@code maxThreads} threads of {@link CpuParallel}'s pool (the caller included). Tall and square
 *       products pack B once, together, then hand out row blocks of C from a counter
 *       ({@code Operands.runSharingB}); wide ones hand out column ranges ({@code Operands.runColumnChunks}).
 *       Work is taken, not assigned, so a thread slowed down by other load on its core does not hold the
 *       others up. A product whose segments are confined to the calling thread runs on that thread only.</li>
 * </ul>
 *
 * <h2>Contract</h2>
 * Element {@code (r, c)} of an operand is the f32 at element index {@code offset + r * rowStride +
 * c * colStride} of its segment (native byte order, any alignment). Strides are non-negative (0 broadcasts);
 * every addressed element must lie inside its segment, which is checked before anything is written.
 * With {@code accumulate == false} the old content of {@code C} is never read (a NaN there does not
 * leak into the result). {@code C} must not overlap {@code A} or {@code B}, and distinct {@code (i, j)}
 * must address distinct elements of {@code C}, or the values written are undefined. The class holds no
 * mutable state: concurrent calls are safe. Packing buffers are allocated per call: on one thread at most
 * {@code (MC + NC) * KC} floats (about 4.3 MB); on several, at most {@link #SHARED_B_FLOATS} (16 MiB, plus
 * padding) shared and {@code MC * KC} per thread, or the one-thread amount per thread for wide products.
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
    static final int KC = 256;
    /** Rows of a packed A block ({@code MC * KC} floats, 128 KiB): stays in L2 next to the B micro-panels. */
    static final int MC = 128;
    /** Columns of a packed B block ({@code KC * NC} floats, 4 MiB): the L3-resident panel. */
    static final int NC = 4096;
    /**
     * Flops ({@code 2 m n k}) per thread: a product gets one thread per this many flops, up to the limit, so
     * products below twice this stay on the calling thread. Measured on 2 Zen 3 cores: at {@code 2^22} flops
     * (n = 128) a second thread gains nothing (handing work to it costs tens of microseconds in a VM), at
     * {@code 2^23} (n = 160) it gains about 15%, at {@code 2^25} (n = 256) about 40%.
     */
    static final long PARALLEL_FLOPS = 1L << 22;

    /**
     * Bytes of prepared B per thread: a prepared product with few rows streams its B from memory (a model's weights do
     * not stay in cache between calls) and is bound by that, not by its flops, so it gets one thread per this many
     * bytes of B as well. Measured on 2 Zen 3 cores, weights cycling through 42 MB: {@code [16 x 384] x [384 x 384]}
     * (4.7 Mflop, 576 KiB) 35 % faster on two threads, {@code [1 x 384] x [384 x 1536]} (1.2 Mflop, 2.3 MiB) twice as
     * fast; one core streams about 14 GB/s, two about 22.
     */
    static final long PARALLEL_PACKED_BYTES = 1L << 17;

    /**
     * Products with at most this many rows of C and a row-major B read B in place instead of packing it: with
     * few rows, packing B (a load and a store per element, once per call) costs as much as the product itself,
     * which is the case of a model's weights at batch 1. The sums are the same, in the same order.
     */
    static final int FEW_ROWS = 16;

    /** Row blocks of more rows than this copy each packed panel into an array for the kernel (tunable: see multiplyPacked). */
    static final int COPY_PANEL_ROWS = 16;

    /** Most floats of B that the threads of one product pack together at once (16 MiB). */
    static final int SHARED_B_FLOATS = 1 << 22;

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
        if (emptyProduct(m, n, k, c, cOffset, cRowStride, cColStride, accumulate)) {
            return;
        }
        Operands o = new Operands(m, n, k, accumulate,
                a, aOffset, aRowStride, aColStride,
                b, bOffset, bRowStride, bColStride,
                c, cOffset, cRowStride, cColStride);
        long flops = 2L * m * n * k;
        int parts = parts(maxThreads, flops, a, b, c);
        if (parts > 1 && m >= n && m > MR && (long) k * NR <= SHARED_B_FLOATS) {
            o.runSharingB(parts);
        } else if (parts > 1 && n > NR) {
            o.runColumnChunks(parts);
        } else {
            o.run(0, n);
        }
    }

    /** Floats of B's prepared form ({@link #pack}): {@code k} rows of {@code n} columns padded to whole panels. */
    static long packedFloats(int k, int n) {
        return (long) k * roundUp(n, NR);
    }

    /** A description of the prepared layout, for reports. */
    static String packedLayout(int k) {
        return "cpu/f32 micro-panels: " + NR + " columns, depth blocks of " + (k == 0 ? 0 : balanced(k, KC, 1)) + " rows";
    }

    /**
     * Packs B once, for {@link #multiplyPacked}: the layout {@link Operands#run} packs at every call, over the whole
     * width. Depth block {@code pc} (blocks of {@code balanced(k, KC, 1)} rows) starts at element
     * {@code pc * roundUp(n, NR)} of {@code dst} and holds the {@code NR}-column micro-panels of its rows, each
     * {@code kcb x NR} floats row-major, the last one zero-padded.
     *
     * @throws IllegalArgumentException when B does not fit in its segment or {@code dst} is smaller than
     *         {@link #packedFloats} floats
     */
    static void pack(int k, int n, MemorySegment b, long bOffset, long bRowStride, long bColStride, MemorySegment dst) {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("negative matrix size: k=" + k + " n=" + n);
        }
        checkOperand("B", b, bOffset, bRowStride, bColStride, k, n);
        long floats = packedFloats(k, n);
        if (dst.byteSize() < floats * Float.BYTES) {
            throw new IllegalArgumentException("packed B needs " + floats + " floats, the buffer has " + dst.byteSize() / Float.BYTES);
        }
        if (k == 0 || n == 0) {
            return;
        }
        int kc = balanced(k, KC, 1);
        int stride = roundUp(n, NR);
        float[] block = new float[kc * stride];
        for (int pc = 0; pc < k; pc += kc) {
            int kcb = Math.min(kc, k - pc);
            SgemmPacking.packB(kcb, n, b, bOffset + pc * bRowStride, bRowStride, bColStride, block, 0);
            MemorySegment.copy(block, 0, dst, F32, (long) pc * stride * Float.BYTES, kcb * stride);
        }
    }

    /** Element {@code (p, j)} of a B packed by {@link #pack}. */
    static float packedElement(MemorySegment packed, int k, int n, int p, int j) {
        int kc = balanced(k, KC, 1);
        int pc = p / kc * kc;
        int kcb = Math.min(kc, k - pc);
        long at = (long) pc * roundUp(n, NR) + (long) (j / NR * NR) * kcb + (long) (p - pc) * NR + j % NR;
        return packed.getAtIndex(F32, at);
    }

    /**
     * {@link #multiply} with B packed by {@link #pack}: the same sums in the same order (so the same result to the
     * bit), without packing B. Work is split over at most {@code maxThreads} threads into tasks of a row block and
     * a range of panels, taken from a counter; products with few rows split by panels, tall ones by rows.
     *
     * @throws IllegalArgumentException as {@link #multiply}, or when {@code packed} is smaller than
     *         {@link #packedFloats}; nothing has been written then
     */
    static void multiplyPacked(int maxThreads, int m, int n, int k,
                               MemorySegment a, long aOffset, long aRowStride, long aColStride,
                               MemorySegment packed,
                               MemorySegment c, long cOffset, long cRowStride, long cColStride,
                               boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative matrix size: m=" + m + " n=" + n + " k=" + k);
        }
        checkOperand("A", a, aOffset, aRowStride, aColStride, m, k);
        checkOperand("C", c, cOffset, cRowStride, cColStride, m, n);
        if (packed.byteSize() < packedFloats(k, n) * Float.BYTES) {
            throw new IllegalArgumentException("packed B [" + k + " x " + n + "] needs " + packedFloats(k, n)
                    + " floats, its buffer has " + packed.byteSize() / Float.BYTES);
        }
        if (emptyProduct(m, n, k, c, cOffset, cRowStride, cColStride, accumulate)) {
            return;
        }
        long flops = 2L * m * n * k;
        long work = Math.max(flops, packedFloats(k, n) * Float.BYTES * (PARALLEL_FLOPS / PARALLEL_PACKED_BYTES));
        int parts = parts(maxThreads, work, a, packed, c);
        int kc = balanced(k, KC, 1);
        int stride = roundUp(n, NR);
        int panels = stride / NR;
        // Every row block streams all of its panels of B, every panel group packs its rows of A: up to MC rows stay one
        // block and the work is split by panels (a weight read once per call); taller products split by rows, into
        // at least four blocks per thread so that taking them from the counter balances the load.
        int mc = parts == 1 || m <= MC ? balanced(m, MC, MR) : balanced(m, Math.min(MC, roundUp(Math.ceilDiv(m, 4 * parts), MR)), MR);
        int rowBlocks = Math.ceilDiv(m, mc);
        int perGroup = parts == 1 ? panels : Math.ceilDiv(panels, Math.min(panels, Math.ceilDiv(4 * parts, rowBlocks)));
        int groups = Math.ceilDiv(panels, perGroup);
        int tasks = rowBlocks * groups;
        float[] sharedA = null;
        if (rowBlocks == 1 && groups > 1) {
            // one row block cut into panel groups: pack all of A once, here, rather than once per group
            sharedA = new float[Math.ceilDiv(k, kc) * mc * kc];
            float[] ap = new float[mc * kc];
            for (int pc = 0; pc < k; pc += kc) {
                int kcb = Math.min(kc, k - pc);
                SgemmPacking.packA(m, kcb, a, aOffset + pc * aColStride, aRowStride, aColStride, ap);
                System.arraycopy(ap, 0, sharedA, pc / kc * mc * kc, mc * kcb);
            }
        }
        PackedProduct product = new PackedProduct(m, n, k, mc, kc, stride, panels, perGroup, groups,
                a, aOffset, aRowStride, aColStride, packed, c, cOffset, cRowStride, cColStride, accumulate, sharedA);
        if (parts == 1) {
            float[] ap = new float[mc * kc];
            float[] bp = new float[kc * NR];
            float[] tile = new float[MR * NR];
            for (int t = 0; t < tasks; t++) {
                product.task(t, ap, bp, tile);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CpuParallel.forRange(parts, flops / parts, true, (from, to) -> {
            float[] ap = new float[mc * kc];
            float[] bp = new float[kc * NR];
            float[] tile = new float[MR * NR];
            for (int t; (t = next.getAndIncrement()) < tasks; ) {
                product.task(t, ap, bp, tile);
                done.incrementAndGet();
            }
            awaitCount(done, tasks);
        });
    }

    /**
     * One product of {@link #multiplyPacked}, cut into tasks of a row block and a group of panels; {@code sharedA} holds
     * all of A packed (depth block {@code d} at {@code d * mc * kc}) when there is one row block, else null.
     */
    private record PackedProduct(int m, int n, int k, int mc, int kc, int stride, int panels, int perGroup, int groups,
                                 MemorySegment a, long aOff, long ars, long acs, MemorySegment packed,
                                 MemorySegment c, long cOff, long crs, long ccs, boolean accumulate, float[] sharedA) {

        /** Task {@code t}: row block {@code t / groups}, panel group {@code t % groups}, whole depth; the arrays are the thread's own. */
        void task(int t, float[] ap, float[] bp, float[] tile) {
            int ic = t / groups * mc;
            int mcb = Math.min(mc, m - ic);
            int q0 = t % groups * perGroup;
            int q1 = Math.min(panels, q0 + perGroup);
            for (int pc = 0; pc < k; pc += kc) {
                int kcb = Math.min(kc, k - pc);
                boolean overwrite = !accumulate && pc == 0;
                float[] as = ap;
                int aBase = 0;
                if (sharedA != null) {
                    as = sharedA;
                    aBase = pc / kc * mc * kc;
                } else {
                    SgemmPacking.packA(mcb, kcb, a, aOff + ic * ars + pc * acs, ars, acs, ap);
                }
                for (int q = q0; q < q1; q++) {
                    int jr = q * NR;
                    int nr = Math.min(NR, n - jr);
                    long panel = (long) pc * stride + (long) jr * kcb;
                    boolean copy = mcb > COPY_PANEL_ROWS;
                    if (copy) {
                        MemorySegment.copy(packed, F32, panel * Float.BYTES, bp, 0, kcb * NR);
                    }
                    for (int ir = 0; ir < mcb; ir += MR) {
                        if (copy) {
                            kernel(kcb, as, aBase + ir * kcb, bp, 0, tile);
                        } else {
                            kernelInPlaceB(kcb, as, aBase + ir * kcb, packed, panel, NR, tile);
                        }
                        writeTile(tile, Math.min(MR, mcb - ir), nr, c, cOff + (ic + ir) * crs + jr * ccs, crs, ccs, overwrite);
                    }
                }
            }
        }
    }

    /**
     * The checks and cases common to every product once the operands are checked: a read-only C is refused; no rows or
     * columns is nothing to do; no depth makes C zero (or leaves it, when accumulating). True when the product is done.
     */
    private static boolean emptyProduct(int m, int n, int k, MemorySegment c, long cOffset, long cRowStride, long cColStride,
                                        boolean accumulate) {
        if (c.isReadOnly() && m > 0 && n > 0) {
            throw new IllegalArgumentException("C is a read-only segment");
        }
        if (m == 0 || n == 0) {
            return true;
        }
        if (k > 0) {
            return false;
        }
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c.set(F32, (cOffset + i * cRowStride + j * cColStride) * Float.BYTES, 0f);
                }
            }
        }
        return true;
    }

    /**
     * Threads for a product of {@code flops} (or work counted in flops): one per {@link #PARALLEL_FLOPS}, up to
     * {@code maxThreads} and the cores; one below twice that, or when a segment is confined to the calling thread.
     */
    private static int parts(int maxThreads, long flops, MemorySegment... segments) {
        if (maxThreads <= 1 || flops < 2 * PARALLEL_FLOPS || !shareable(segments)) {
            return 1;
        }
        int limit = Math.min(maxThreads, Runtime.getRuntime().availableProcessors());
        return (int) Math.max(1, Math.min(limit, flops / PARALLEL_FLOPS));
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

    /**
     * The operands of one call, and the three ways of running it: on this thread ({@link #run}), or over
     * {@code parts} threads ({@link #runSharingB}, {@link #runColumnChunks}). Every way sums each element
     * of C in the same order (the same {@code kc} blocks, each in ascending {@code p}), so the result does
     * not depend on the thread count.
     */
    private record Operands(int m, int n, int k, boolean accumulate,
                            MemorySegment a, long aOff, long ars, long acs,
                            MemorySegment b, long bOff, long brs, long bcs,
                            MemorySegment c, long cOff, long crs, long ccs) {

        /** Computes columns {@code [j0, j1)} of C on this thread, with its own packing buffers. */
        void run(int j0, int j1) {
            if (m <= FEW_ROWS && bcs == 1) {
                runFewRows(j0, j1);
                return;
            }
            int nc = balanced(j1 - j0, NC, NR);
            int kc = balanced(k, KC, 1);
            int mc = balanced(m, MC, MR);
            float[] bp = new float[kc * roundUp(nc, NR)];
            float[] ap = new float[mc * kc];
            float[] tile = new float[MR * NR];
            for (int jc = j0; jc < j1; jc += nc) {
                int ncb = Math.min(nc, j1 - jc);
                for (int pc = 0; pc < k; pc += kc) {
                    int kcb = Math.min(kc, k - pc);
                    SgemmPacking.packB(kcb, ncb, b, bOff + pc * brs + jc * bcs, brs, bcs, bp, 0);
                    for (int ic = 0; ic < m; ic += mc) {
                        block(ic, Math.min(mc, m - ic), pc, kcb, jc, ncb, ap, bp, 0, tile);
                    }
                }
            }
        }

        /**
         * The split for tall or square products, with two synchronisation points per call whatever the size:
         * the threads first pack B (all of it when it holds at most {@link #SHARED_B_FLOATS} floats, else a
         * range of columns at a time) into one shared buffer, taking packing tasks from a counter and waiting
         * until all are done; then they take {@code mc}-row blocks of C from another counter, each computed
         * over the whole depth with its own packing of A. Taking work rather than being assigned a share keeps
         * every thread busy when one is slowed down, and few synchronisation points matter on a loaded machine:
         * a thread that waits gives its core away, and gets it back only when the scheduler says so.
         */
        void runSharingB(int parts) {
            int kc = balanced(k, KC, 1);
            int kBlocks = Math.ceilDiv(k, kc);
            int ncs = balanced(n, Math.max(NR, SHARED_B_FLOATS / k / NR * NR), NR);
            // at least about four row blocks per thread, so that taking them dynamically can balance the load
            int mc = balanced(m, Math.min(MC, roundUp(Math.ceilDiv(m, 4 * parts), MR)), MR);
            int rowBlocks = Math.ceilDiv(m, mc);
            float[] bp = new float[k * roundUp(ncs, NR)];
            for (int jc = 0; jc < n; jc += ncs) {
                int col0 = jc;
                int ncb = Math.min(ncs, n - jc);
                int stride = roundUp(ncb, NR); // floats per row of packed B: depth block pc starts at pc * stride
                int panels = stride / NR;
                int panelsPerTask = Math.ceilDiv(panels, 2 * parts);
                int groups = Math.ceilDiv(panels, panelsPerTask);
                int packTasks = kBlocks * groups;
                AtomicInteger nextPack = new AtomicInteger();
                AtomicInteger packed = new AtomicInteger();
                AtomicInteger nextRows = new AtomicInteger();
                AtomicInteger rowsDone = new AtomicInteger();
                CpuParallel.forRange(parts, 2L * m * ncb * k / parts, true, (from, to) -> {
                    for (int t; (t = nextPack.getAndIncrement()) < packTasks; ) {
                        int pc = t / groups * kc;
                        int kcb = Math.min(kc, k - pc);
                        int jr = t % groups * panelsPerTask * NR;
                        int cols = Math.min(panelsPerTask * NR, ncb - jr);
                        long corner = bOff + pc * brs + (col0 + jr) * bcs;
                        SgemmPacking.packB(kcb, cols, b, corner, brs, bcs, bp, pc * stride + jr * kcb);
                        packed.incrementAndGet();
                    }
                    awaitCount(packed, packTasks);
                    float[] ap = new float[mc * kc];
                    float[] tile = new float[MR * NR];
                    for (int t; (t = nextRows.getAndIncrement()) < rowBlocks; ) {
                        int ic = t * mc;
                        int mcb = Math.min(mc, m - ic);
                        for (int pc = 0; pc < k; pc += kc) {
                            block(ic, mcb, pc, Math.min(kc, k - pc), col0, ncb, ap, bp, pc * stride, tile);
                        }
                        rowsDone.incrementAndGet();
                    }
                    awaitCount(rowsDone, rowBlocks); // see awaitCount: keeps this core until the last block is done
                });
            }
        }

        /**
         * The split for wide products ({@code n > m}): column ranges of C, taken from a shared counter, each
         * computed with {@link #run} (its own packing; A is the smaller operand, so packing it once per range
         * costs little).
         */
        void runColumnChunks(int parts) {
            int width = roundUp(Math.ceilDiv(n, 4 * parts), NR);
            int chunks = Math.ceilDiv(n, width);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            CpuParallel.forRange(parts, 2L * m * width * k, true, (from, to) -> {
                for (int t; (t = next.getAndIncrement()) < chunks; ) {
                    run(t * width, Math.min(n, (t + 1) * width));
                    done.incrementAndGet();
                }
                awaitCount(done, chunks);
            });
        }

        /**
         * Columns {@code [j0, j1)} of C for few rows ({@link #FEW_ROWS}) and a row-major B: A is packed (it is
         * small), B is read in place one {@code NR}-column panel at a time (a partial last panel is packed, so that
         * no load reaches past B). Same depth blocks, same kernel arithmetic and same writes as {@link #run}'s
         * packed path, so the result is the same to the bit.
         */
        private void runFewRows(int j0, int j1) {
            int kc = balanced(k, KC, 1);
            int mc = balanced(m, MC, MR);
            float[] ap = new float[mc * kc];
            float[] bp = new float[kc * NR];
            float[] tile = new float[MR * NR];
            for (int pc = 0; pc < k; pc += kc) {
                int kcb = Math.min(kc, k - pc);
                boolean overwrite = !accumulate && pc == 0;
                SgemmPacking.packA(m, kcb, a, aOff + pc * acs, ars, acs, ap);
                for (int jr = j0; jr < j1; jr += NR) {
                    int nr = Math.min(NR, j1 - jr);
                    long bAt = bOff + pc * brs + jr;
                    if (nr < NR) {
                        SgemmPacking.packB(kcb, nr, b, bAt, brs, 1, bp, 0);
                    }
                    for (int ir = 0; ir < m; ir += MR) {
                        if (nr == NR) {
                            kernelInPlaceB(kcb, ap, ir * kcb, b, bAt, brs, tile);
                        } else {
                            kernel(kcb, ap, ir * kcb, bp, 0, tile);
                        }
                        writeTile(tile, Math.min(MR, m - ir), nr, c, cOff + ir * crs + jr * ccs, crs, ccs, overwrite);
                    }
                }
            }
        }

        /**
         * Rows {@code [ic, ic + mcb)} and columns {@code [jc, jc + ncb)} of C, for depth block {@code [pc, pc + kcb)}
         * of the sum, with that block of B already packed in {@code bp} from index {@code bpBase}: packs the A
         * block into {@code ap} and runs the kernel over every tile. The first depth block overwrites C unless
         * accumulating.
         */
        private void block(int ic, int mcb, int pc, int kcb, int jc, int ncb, float[] ap, float[] bp, int bpBase,
                           float[] tile) {
            boolean overwrite = !accumulate && pc == 0;
            SgemmPacking.packA(mcb, kcb, a, aOff + ic * ars + pc * acs, ars, acs, ap);
            for (int jr = 0; jr < ncb; jr += NR) {
                int nr = Math.min(NR, ncb - jr);
                for (int ir = 0; ir < mcb; ir += MR) {
                    kernel(kcb, ap, ir * kcb, bp, bpBase + jr * kcb, tile);
                    writeTile(tile, Math.min(MR, mcb - ir), nr,
                            c, cOff + (ic + ir) * crs + (jc + jr) * ccs, crs, ccs, overwrite);
                }
            }
        }
    }

    /**
     * Waits until {@code count} reaches {@code target}; the tasks still missing are running on other threads, so
     * the wait is at most one task long. It spins (then yields) rather than parks, as OpenBLAS's threads do: on a
     * loaded machine a parked thread gives its core away and may get it back only a scheduler tick (milliseconds)
     * after the last task is done.
     */
    private static void awaitCount(AtomicInteger count, int target) {
        for (int spins = 0; count.get() < target; spins++) {
            if (spins < 10_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
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
     * {@link #kernel} with the {@code kc x NR} panel of B read in place: row {@code p} of the panel is the
     * {@code NR} floats at element {@code bAt + p * brs} of {@code b} (row-major B, unit column stride).
     */
    private static void kernelInPlaceB(int kc, float[] ap, int ao, MemorySegment b, long bAt, long brs, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            long bi = (bAt + p * brs) * Float.BYTES;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromMemorySegment(S, b, bi, NATIVE);
            FloatVector b1 = FloatVector.fromMemorySegment(S, b, bi + (long) L * Float.BYTES, NATIVE);
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
