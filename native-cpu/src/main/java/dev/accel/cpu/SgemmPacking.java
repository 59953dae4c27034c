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
     * {@code bpStart}: micro-panel {@code q} (columns {@code q*NR ..}) starts at {@code bpStart + q * NR * kc} and holds,
     * for each {@code p}, the {@code NR} values of row {@code p}.
     */
    static void packB(int kc, int nc, MemorySegment b, long base, long rs, long cs, float[] bp, int bpStart) {
        for (int jp = 0; jp < nc; jp += NR) {
            int nr = Math.min(NR, nc - jp);
            int dst = bpStart + jp * kc;
            long col = base + jp * cs;
            if (nr == NR && cs == 1) { // row-major B: each row of the panel is two contiguous vectors
                for (int p = 0; p < kc; p++) {
                    long at = (col + p * rs) * Float.BYTES;
                    int d = dst + p * NR;
                    FloatVector.fromMemorySegment(S, b, at, NATIVE).intoArray(bp, d);
                    FloatVector.fromMemorySegment(S, b, at + (long) L * Float.BYTES, NATIVE).intoArray(bp, d + L);
                }
                continue;
            }
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
        for (int ip = 0; ip < mc; ip += MR) {
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
