package dev.accel.cpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Sgemm} against a float64 triple loop. The tolerance is the classical bound for a sum of {@code k}
 * rounded products, {@code (k + 2) * 2^-23 * (sum_p |A[i,p] B[p,j]| + |C0[i,j]|)}: a wrong index, a missed
 * or doubled term is off by the size of a whole product, far beyond it (see {@link #checkerRejectsOneWrongElement}).
 */
class SgemmTest {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** One operand: a segment and the way a matrix is laid out in it. */
    record Mat(MemorySegment seg, long offset, long rowStride, long colStride, int rows, int cols) {
        float get(int r, int c) {
            return seg.get(F32, (offset + r * rowStride + c * colStride) * Float.BYTES);
        }

        void set(int r, int c, float v) {
            seg.set(F32, (offset + r * rowStride + c * colStride) * Float.BYTES, v);
        }
    }

    /** The ways a test lays a {@code rows x cols} matrix out. */
    enum Layout {
        ROW_MAJOR, COL_MAJOR, PADDED_ROWS, INTERLEAVED_COLS, OFFSET_COL_MAJOR_PADDED;

        Mat allocate(Arena arena, int rows, int cols) {
            return switch (this) {
                case ROW_MAJOR -> mat(arena, 0, cols, 1, rows, cols);
                case COL_MAJOR -> mat(arena, 0, 1, rows, rows, cols);
                case PADDED_ROWS -> mat(arena, 3, cols + 5, 1, rows, cols);
                case INTERLEAVED_COLS -> mat(arena, 1, 2L * cols + 1, 2, rows, cols);
                case OFFSET_COL_MAJOR_PADDED -> mat(arena, 7, 1, rows + 3, rows, cols);
            };
        }

        private static Mat mat(Arena arena, long offset, long rs, long cs, int rows, int cols) {
            long last = rows == 0 || cols == 0 ? offset : offset + (rows - 1) * rs + (cols - 1) * cs;
            MemorySegment seg = arena.allocate((last + 1) * Float.BYTES + 4, 4); // +4: one float past the end
            seg.fill((byte) 0x7f); // 0x7f7f7f7f: a large finite float, so unwritten or stray reads show up
            return new Mat(seg, offset, rs, cs, rows, cols);
        }
    }

    private static void randomize(Mat m, Random rnd) {
        for (int r = 0; r < m.rows; r++) {
            for (int c = 0; c < m.cols; c++) {
                m.set(r, c, rnd.nextFloat() * 2 - 1);
            }
        }
    }

    private static void fill(Mat m, float v) {
        for (int r = 0; r < m.rows; r++) {
            for (int c = 0; c < m.cols; c++) {
                m.set(r, c, v);
            }
        }
    }

    private static float[][] snapshot(Mat m) {
        float[][] s = new float[m.rows][m.cols];
        for (int r = 0; r < m.rows; r++) {
            for (int c = 0; c < m.cols; c++) {
                s[r][c] = m.get(r, c);
            }
        }
        return s;
    }

    private static void multiply(int threads, Mat a, Mat b, Mat c, boolean accumulate) {
        Sgemm.multiply(threads, a.rows, b.cols, a.cols,
                a.seg, a.offset, a.rowStride, a.colStride,
                b.seg, b.offset, b.rowStride, b.colStride,
                c.seg, c.offset, c.rowStride, c.colStride, accumulate);
    }

    /**
     * Compares {@code c} with {@code c0 (if accumulate) + a x b} computed in float64; returns the first
     * element outside the tolerance as a message, or null.
     */
    private static String mismatch(Mat a, Mat b, Mat c, float[][] c0, boolean accumulate) {
        int m = a.rows;
        int n = b.cols;
        int k = a.cols;
        double[][] av = new double[m][k];
        double[][] bt = new double[n][k]; // B transposed, so that the inner loop reads both contiguously
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                av[i][p] = a.get(i, p);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bt[j][p] = b.get(p, j);
            }
        }
        double u = Math.scalb(1.0, -23);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = accumulate ? c0[i][j] : 0;
                double mag = accumulate ? Math.abs(c0[i][j]) : 0;
                double[] ar = av[i];
                double[] bc = bt[j];
                for (int p = 0; p < k; p++) {
                    double t = ar[p] * bc[p];
                    ref += t;
                    mag += Math.abs(t);
                }
                double got = c.get(i, j);
                double tol = (k + 2) * u * mag;
                if (!(Math.abs(got - ref) <= tol)) {
                    return "C[" + i + "," + j + "] = " + got + ", expected " + ref + " +- " + tol
                            + " (m=" + m + " n=" + n + " k=" + k + ")";
                }
            }
        }
        return null;
    }

    private static void check(int m, int n, int k, Layout la, Layout lb, Layout lc, boolean accumulate, int threads,
                              long seed) {
        try (Arena arena = Arena.ofShared()) {
            Random rnd = new Random(seed);
            Mat a = la.allocate(arena, m, k);
            Mat b = lb.allocate(arena, k, n);
            Mat c = lc.allocate(arena, m, n);
            randomize(a, rnd);
            randomize(b, rnd);
            if (accumulate) {
                randomize(c, rnd);
            } else {
                fill(c, Float.NaN); // must be ignored
            }
            float[][] c0 = snapshot(c);
            multiply(threads, a, b, c, accumulate);
            assertNull(mismatch(a, b, c, c0, accumulate),
                    () -> la + " x " + lb + " -> " + lc + ", accumulate=" + accumulate + ", threads=" + threads);
            assertGapsUntouched(c);
        }
    }

    /** Every float of C's segment that is not an element of C (gaps, padding, the float past the end) is unchanged. */
    private static void assertGapsUntouched(Mat c) {
        int floats = (int) (c.seg.byteSize() / Float.BYTES);
        boolean[] element = new boolean[floats];
        for (int r = 0; r < c.rows; r++) {
            for (int col = 0; col < c.cols; col++) {
                element[(int) (c.offset + r * c.rowStride + col * c.colStride)] = true;
            }
        }
        for (int i = 0; i < floats; i++) {
            if (!element[i]) {
                assertEquals(0x7f7f7f7f, c.seg.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i),
                        "float " + i + " of C's segment is not an element of C but was written");
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({
            "1,1,1", "7,13,5", "1,17,1", "17,1,1", "1,1,300", "4,16,256", "5,17,257", "3,33,1",
            "67,129,257", "128,16,513", "129,47,31", "300,300,300", "6,4100,3", "261,7,2"})
    void rowMajorMatchesFloat64(int m, int n, int k) {
        check(m, n, k, Layout.ROW_MAJOR, Layout.ROW_MAJOR, Layout.ROW_MAJOR, false, 1, 31L * m + 7L * n + k);
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"7,13,5", "67,129,257", "300,300,300", "2,500,70", "500,3,70", "20,3000,100", "3000,9,100"})
    void accumulateAddsToOldValues(int m, int n, int k) {
        check(m, n, k, Layout.ROW_MAJOR, Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, 2, 5L * m + n + 3L * k);
    }

    @Test
    void everyLayoutCombination() {
        int[][] shapes = {{7, 13, 5}, {37, 45, 70}, {1, 40, 9}, {40, 1, 9}};
        long seed = 1;
        for (int[] s : shapes) {
            for (Layout la : Layout.values()) {
                for (Layout lb : Layout.values()) {
                    for (Layout lc : Layout.values()) {
                        check(s[0], s[1], s[2], la, lb, lc, (seed & 1) == 0, 1, seed++);
                    }
                }
            }
        }
    }

    @Test
    void stridedOperandsOnTheParallelPath() {
        check(300, 300, 300, Layout.COL_MAJOR, Layout.INTERLEAVED_COLS, Layout.PADDED_ROWS, false, 2, 11);
        check(150, 400, 200, Layout.PADDED_ROWS, Layout.COL_MAJOR, Layout.OFFSET_COL_MAJOR_PADDED, true, 2, 12);
        check(400, 150, 200, Layout.INTERLEAVED_COLS, Layout.PADDED_ROWS, Layout.COL_MAJOR, true, 2, 13);
    }

    @Test
    void broadcastStrideZero() {
        try (Arena arena = Arena.ofShared()) {
            Random rnd = new Random(3);
            int m = 9;
            int n = 21;
            int k = 11;
            Mat row = Layout.ROW_MAJOR.allocate(arena, 1, k);
            randomize(row, rnd);
            Mat a = new Mat(row.seg, 0, 0, 1, m, k); // every row of A is the same vector
            Mat b = Layout.ROW_MAJOR.allocate(arena, k, n);
            randomize(b, rnd);
            Mat c = Layout.ROW_MAJOR.allocate(arena, m, n);
            multiply(1, a, b, c, false);
            assertNull(mismatch(a, b, c, null, false));
            for (int i = 1; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(c.get(0, j), c.get(i, j), "row " + i + " differs from row 0");
                }
            }
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"0,5,5", "5,0,5", "0,0,0", "0,3,0"})
    void emptyOutputWritesNothing(int m, int n, int k) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4 * 64);
            MemorySegment b = arena.allocate(4 * 64);
            MemorySegment c = arena.allocate(16);
            c.fill((byte) 0x55);
            Sgemm.multiply(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, 1, false);
            for (long i = 0; i < c.byteSize(); i++) {
                assertEquals((byte) 0x55, c.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " of C changed");
            }
        }
    }

    @Test
    void zeroDepthGivesZerosOrLeavesC() {
        try (Arena arena = Arena.ofConfined()) {
            Mat a = Layout.ROW_MAJOR.allocate(arena, 3, 0);
            Mat b = Layout.ROW_MAJOR.allocate(arena, 0, 4);
            Mat c = Layout.PADDED_ROWS.allocate(arena, 3, 4);
            fill(c, Float.NaN);
            multiply(1, a, b, c, false);
            for (float[] r : snapshot(c)) {
                assertArrayEquals(new float[4], r);
            }
            fill(c, 2.5f);
            multiply(1, a, b, c, true);
            for (float[] r : snapshot(c)) {
                assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, r);
            }
        }
    }

    @Test
    void nanAndInfinityInInputsPropagate() {
        try (Arena arena = Arena.ofConfined()) {
            Mat a = Layout.ROW_MAJOR.allocate(arena, 5, 3);
            Mat b = Layout.ROW_MAJOR.allocate(arena, 3, 18);
            Mat c = Layout.ROW_MAJOR.allocate(arena, 5, 18);
            fill(a, 1);
            fill(b, 1);
            a.set(2, 1, Float.NaN);
            b.set(0, 17, Float.POSITIVE_INFINITY);
            multiply(1, a, b, c, false);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 18; j++) {
                    float expected = i == 2 ? Float.NaN : j == 17 ? Float.POSITIVE_INFINITY : 3f;
                    assertEquals(expected, c.get(i, j), "C[" + i + "," + j + "]");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"333,301,270", "37,1000,120", "1000,5,600", "260,200,21000", "40,30,300000"})
    void resultDoesNotDependOnThreadCount(int m, int n, int k) {
        // tall (row blocks shared out), wide (column ranges shared out), a thin N that only one thread runs,
        // a depth whose packed B exceeds Sgemm.SHARED_B_FLOATS (columns packed in two ranges), and a depth
        // too large to share a packed B at all
        try (Arena arena = Arena.ofShared()) {
            Random rnd = new Random(8);
            Mat a = Layout.ROW_MAJOR.allocate(arena, m, k);
            Mat b = Layout.COL_MAJOR.allocate(arena, k, n);
            randomize(a, rnd);
            randomize(b, rnd);
            Mat c1 = Layout.ROW_MAJOR.allocate(arena, m, n);
            Mat c2 = Layout.ROW_MAJOR.allocate(arena, m, n);
            Mat c4 = Layout.ROW_MAJOR.allocate(arena, m, n);
            multiply(1, a, b, c1, false);
            multiply(2, a, b, c2, false);
            multiply(4, a, b, c4, false);
            assertNull(mismatch(a, b, c1, null, false));
            float[][] one = snapshot(c1);
            assertArrayEquals(one, snapshot(c2), "2 threads: every element is summed in the same order as with 1");
            assertArrayEquals(one, snapshot(c4), "4 threads");
        }
    }

    @Test
    void confinedSegmentsStayOnTheCallingThread() {
        // Workers may not touch a confined segment: a parallel split would throw WrongThreadException.
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(9);
            Mat a = Layout.ROW_MAJOR.allocate(arena, 200, 200);
            Mat b = Layout.ROW_MAJOR.allocate(arena, 200, 200);
            Mat c = Layout.ROW_MAJOR.allocate(arena, 200, 200);
            randomize(a, rnd);
            randomize(b, rnd);
            multiply(8, a, b, c, false);
            assertNull(mismatch(a, b, c, null, false));
        }
    }

    @Test
    void heapSegmentsWork() {
        int m = 19;
        int n = 35;
        int k = 23;
        Random rnd = new Random(10);
        float[] av = new float[m * k];
        float[] bv = new float[k * n];
        for (int i = 0; i < av.length; i++) {
            av[i] = rnd.nextFloat();
        }
        for (int i = 0; i < bv.length; i++) {
            bv[i] = rnd.nextFloat();
        }
        Mat a = new Mat(MemorySegment.ofArray(av), 0, k, 1, m, k);
        Mat b = new Mat(MemorySegment.ofArray(bv), 0, n, 1, k, n);
        Mat c = new Mat(MemorySegment.ofArray(new byte[m * n * 4 + 2]), 0, n, 1, m, n);
        multiply(2, a, b, c, false);
        assertNull(mismatch(a, b, c, null, false));
        // byte[]-backed, at an odd byte offset: vector and scalar accesses must not assume alignment
        Mat odd = new Mat(c.seg.asSlice(1), 0, n, 1, m, n);
        multiply(2, a, b, odd, false);
        assertNull(mismatch(a, b, odd, null, false));
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        int callers = 4;
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int t = 0; t < callers; t++) {
                int size = 150 + 37 * t;
                long seed = 100 + t;
                results.add(pool.submit(() -> {
                    try (Arena arena = Arena.ofShared()) {
                        Random rnd = new Random(seed);
                        Mat a = Layout.ROW_MAJOR.allocate(arena, size, size - 3);
                        Mat b = Layout.COL_MAJOR.allocate(arena, size - 3, size + 5);
                        Mat c = Layout.ROW_MAJOR.allocate(arena, size, size + 5);
                        randomize(a, rnd);
                        randomize(b, rnd);
                        String bad = null;
                        for (int round = 0; round < 3 && bad == null; round++) {
                            multiply(2, a, b, c, false);
                            bad = mismatch(a, b, c, null, false);
                        }
                        return bad;
                    }
                }));
            }
            for (Future<String> f : results) {
                assertNull(f.get());
            }
        }
    }

    /**
     * Few rows with a row-major B take the path that reads B in place ({@link Sgemm#FEW_ROWS}); a column-major
     * copy of the same B takes the packing path. Same sums in the same order: the results must agree to the bit,
     * for partial column panels, two depth blocks, row counts around the register tile and accumulation.
     */
    @Test
    void fewRowsReadingBInPlaceMatchPackingToTheBit() {
        Random rnd = new Random(11);
        try (Arena arena = Arena.ofConfined()) {
            for (int m : new int[] {1, 3, 4, 7, Sgemm.FEW_ROWS}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    int n = 2 * Sgemm.NR + 5;
                    int k = Sgemm.KC + 77;
                    Mat a = Layout.ROW_MAJOR.allocate(arena, m, k);
                    Mat bRow = Layout.ROW_MAJOR.allocate(arena, k, n);
                    Mat bCol = Layout.COL_MAJOR.allocate(arena, k, n);
                    randomize(a, rnd);
                    randomize(bRow, rnd);
                    for (int p = 0; p < k; p++) {
                        for (int j = 0; j < n; j++) {
                            bCol.set(p, j, bRow.get(p, j));
                        }
                    }
                    Mat inPlace = Layout.ROW_MAJOR.allocate(arena, m, n);
                    Mat packed = Layout.ROW_MAJOR.allocate(arena, m, n);
                    randomize(inPlace, rnd);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            packed.set(i, j, inPlace.get(i, j));
                        }
                    }
                    float[][] c0 = snapshot(inPlace);
                    multiply(1, a, bRow, inPlace, accumulate);
                    multiply(1, a, bCol, packed, accumulate);
                    assertNull(mismatch(a, bRow, inPlace, c0, accumulate));
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            assertEquals(Float.floatToRawIntBits(packed.get(i, j)), Float.floatToRawIntBits(inPlace.get(i, j)),
                                    "C[" + i + "," + j + "] m=" + m + " accumulate=" + accumulate);
                        }
                    }
                    assertGapsUntouched(inPlace);
                }
            }
        }
    }

    @Test
    void checkerRejectsOneWrongElement() {
        // The tolerance must be tight enough to see an error much smaller than one product term.
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(12);
            Mat a = Layout.ROW_MAJOR.allocate(arena, 20, 300);
            Mat b = Layout.ROW_MAJOR.allocate(arena, 300, 20);
            Mat c = Layout.ROW_MAJOR.allocate(arena, 20, 20);
            randomize(a, rnd);
            randomize(b, rnd);
            multiply(1, a, b, c, false);
            assertNull(mismatch(a, b, c, null, false));
            c.set(13, 7, c.get(13, 7) + 0.01f);
            String msg = mismatch(a, b, c, null, false);
            assertTrue(msg != null && msg.startsWith("C[13,7]"), msg);
        }
    }

    @Test
    void rejectsOperandsOutsideTheirSegmentBeforeWriting() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4L * 6 * 5);
            MemorySegment b = arena.allocate(4L * 5 * 7);
            MemorySegment c = arena.allocate(4L * 6 * 7);
            c.fill((byte) 0x11);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    Sgemm.multiply(6, 7, 5, a, 1, 5, 1, b, 0, 7, 1, c, 0, 7, 1, false));
            assertTrue(e.getMessage().startsWith("A "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () ->
                    Sgemm.multiply(6, 7, 5, a, 0, 5, 1, b, 0, 7, 1, c, 0, 8, 1, false));
            assertThrows(IllegalArgumentException.class, () ->
                    Sgemm.multiply(6, 7, 5, a, 0, 5, 1, b, 0, 7, -1, c, 0, 7, 1, false));
            assertThrows(IllegalArgumentException.class, () ->
                    Sgemm.multiply(6, 7, -1, a, 0, 5, 1, b, 0, 7, 1, c, 0, 7, 1, false));
            assertThrows(IllegalArgumentException.class, () ->
                    Sgemm.multiply(6, 7, 5, a, 0, Long.MAX_VALUE / 2, 1, b, 0, 7, 1, c, 0, 7, 1, false));
            assertThrows(IllegalArgumentException.class, () ->
                    Sgemm.multiply(6, 7, 5, a, 0, 5, 1, b, 0, 7, 1, c.asReadOnly(), 0, 7, 1, false));
            for (long i = 0; i < c.byteSize(); i++) {
                assertEquals((byte) 0x11, c.get(ValueLayout.JAVA_BYTE, i), "C was written before the check");
            }
        }
    }

    /**
     * Row-major B is packed row by row (a sequential read of the weight), every other layout panel by panel:
     * the packed buffers must hold the same floats in the same places, including a partial last panel and a
     * block that does not start at the matrix corner, and nothing past the packed region may be written.
     */
    @Test
    void packingRowMajorBRowByRowMatchesTheGenericPathToTheBit() {
        Random rnd = new Random(12);
        try (Arena arena = Arena.ofConfined()) {
            for (int nc : new int[] {1, Sgemm.NR, 3 * Sgemm.NR, 3 * Sgemm.NR + 5}) {
                int kc = 37;
                int rows = kc + 3;
                int cols = nc + 2;
                Mat row = Layout.PADDED_ROWS.allocate(arena, rows, cols);
                Mat col = Layout.COL_MAJOR.allocate(arena, rows, cols);
                randomize(row, rnd);
                for (int p = 0; p < rows; p++) {
                    for (int j = 0; j < cols; j++) {
                        col.set(p, j, row.get(p, j));
                    }
                }
                int size = kc * ((nc + Sgemm.NR - 1) / Sgemm.NR * Sgemm.NR);
                float[] fromRows = new float[size + 9];
                float[] fromCols = new float[size + 9];
                java.util.Arrays.fill(fromRows, Float.NaN);
                java.util.Arrays.fill(fromCols, Float.NaN);
                SgemmPacking.packB(kc, nc, row.seg(), row.offset() + 2 * row.rowStride() + 1, row.rowStride(), row.colStride(), fromRows, 4);
                SgemmPacking.packB(kc, nc, col.seg(), col.offset() + 2 * col.rowStride() + col.colStride(), col.rowStride(), col.colStride(), fromCols, 4);
                for (int i = 0; i < fromRows.length; i++) {
                    assertEquals(Float.floatToRawIntBits(fromCols[i]), Float.floatToRawIntBits(fromRows[i]), "packed[" + i + "] nc=" + nc);
                }
                assertTrue(Float.isNaN(fromRows[3]) && Float.isNaN(fromRows[4 + size]), "wrote outside the packed region, nc=" + nc);
                assertEquals(Float.floatToRawIntBits(row.get(2, 1)), Float.floatToRawIntBits(fromRows[4]), "first packed value, nc=" + nc);
            }
        }
    }
}
