package dev.accel.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Packs blocks of {@link Sgemm}'s operands into the contiguous micro-panel layout its kernel reads.
 * Panels past the edge of the matrix are padded with zeros, so the kernel always computes a full tile.
 *
 * <p>Costs, measured on Zen 3 / JDK 25 (a 2048-cube product does about 8 G flops against 4 M floats of each
 * operand, so packing is 1-2% of it there and about 6% at 512): row-major B, two vectors per row, 0.2 ns per
 * float from cache. A model's weights come from memory (48 distinct 384 x 1536 matrices, 2 cores shared with
 * other builds): filled one panel at a time (a 64-byte piece per row, a stride the prefetcher does not follow)
 * that took 0.9 to 1.2 ns per float, row by row 0.5 to 0.8, hence the row order. The transposing cases
 * (row-major A, column-major B or A) are scalar, 0.7 to 1 ns per float. Copying rows out in bulk and
 * interleaving them from an array was not faster; a vectorised 8 x 8 transpose would be the next step.
 */
final class SgemmPacking {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int MR = Sgemm.MR;
    private static final int NR = Sgemm.NR;
    private SgemmPacking() {
    }

    /**
     * Packs the {@code kc x nc} block of B whose corner is element {@code base} into {@code bp} from index
     * {@code bpStart}: micro-panel {@code q} (columns {@code q*NR ..}) starts at {@code bpStart + q * NR * kc}
     * and holds, for each {@code p}, the {@code NR} values of row {@code p}.
     */
    static void packB(int kc, int nc, MemorySegment b, long base, long rs, long cs, float[] bp, int bpStart) {
        int full = cs == 1 ? nc / NR * NR : 0;
        // row-major B: the full panels are filled row by row, so that B is read front to back (a weight matrix
        // streamed from memory: the prefetcher follows a sequential read, not one 64-byte piece per row)
        for (int p = 0; p < kc && full > 0; p++) {
            long row = (base + p * rs) * Float.BYTES;
            int d0 = bpStart + p * NR;
            for (int jp = 0; jp < full; jp += NR) {
                long at = row + (long) jp * Float.BYTES;
                int d = d0 + jp * kc;
                FloatVector.fromMemorySegment(S, b, at, NATIVE).intoArray(bp, d);
                FloatVector.fromMemorySegment(S, b, at + (long) L * Float.BYTES, NATIVE).intoArray(bp, d + L);
            }
        }
        for (int jp = full; jp < nc; jp += NR) {
            int nr = Math.min(NR, nc - jp);
            int dst = bpStart + jp * kc;
            long col = base + jp * cs;
            if (nr < NR) {
                Arrays.fill(bp, dst, dst + kc * NR, 0f);
            }
            if (rs <= cs) { // column-major-ish B: walk down each column
                for (int j = 0; j < nr; j++) {
                    long from = col + j * cs;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR + j] = b.get(F32, (from + p * rs) * Float.BYTES);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    long from = col + p * rs;
                    int d = dst + p * NR;
                    for (int j = 0; j < nr; j++) {
                        bp[d + j] = b.get(F32, (from + j * cs) * Float.BYTES);
                    }
                }
            }
        }
    }

    /**
     * Packs the {@code mc x kc} block of A whose corner is element {@code base} into {@code ap}: micro-panel
     * {@code q} (rows {@code q*MR ..}) starts at {@code q * MR * kc} and holds, for each {@code p}, the
     * {@code MR} values of column {@code p}.
     */
    static void packA(int mc, int kc, MemorySegment a, long base, long rs, long cs, float[] ap) {
        int full = 0; // micro-panels already packed by the column-major path
        if (rs == 1 && mc >= MR) {
            // column-major A (a transposed view): walk down each column once, contiguously, rather than along
            // rows one micro-panel at a time (kc pages touched per panel). Scalar: on Zen 3 / JDK 25 this runs at
            // about 1 ns per float, a 128-bit vector per panel column at 1.3 to 1.5 ns.
            full = mc / MR * MR;
            for (int p = 0; p < kc; p++) {
                long col = (base + p * cs) * Float.BYTES;
                for (int ip = 0; ip < full; ip += MR) {
                    int d = ip * kc + p * MR;
                    long at = col + (long) ip * Float.BYTES;
                    for (int i = 0; i < MR; i++) {
                        ap[d + i] = a.get(F32, at + (long) i * Float.BYTES);
                    }
                }
            }
        }
        for (int ip = full; ip < mc; ip += MR) {
            int mr = Math.min(MR, mc - ip);
            int dst = ip * kc;
            long row = base + ip * rs;
            if (mr < MR) {
                Arrays.fill(ap, dst, dst + kc * MR, 0f);
            }
            if (cs <= rs) { // row-major-ish A: walk along each row
                for (int i = 0; i < mr; i++) {
                    long from = row + i * rs;
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + i] = a.get(F32, (from + p * cs) * Float.BYTES);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    long from = row + p * cs;
                    int d = dst + p * MR;
                    for (int i = 0; i < mr; i++) {
                        ap[d + i] = a.get(F32, (from + i * rs) * Float.BYTES);
                    }
                }
            }
        }
    }
}
