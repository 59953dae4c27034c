package dev.accel.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link VectorMath#exp} against {@code Math.exp} over the whole f32 range, and its special values. */
class VectorMathTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void expWithinTwoUlpEverywhere() {
        Random rnd = new Random(5);
        int count = 2_000_000;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            // half a uniform sweep of [-105, 90], half random bit patterns of magnitude < 128
            x[i] = i % 2 == 0 ? -105f + 195f * i / count : Float.intBitsToFloat(rnd.nextInt() & 0xC2FFFFFF);
        }
        double worstUlp = 0;
        float worstAt = 0;
        for (int i = 0; i + L <= count; i += L) {
            float[] got = new float[L];
            VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(got, 0);
            for (int j = 0; j < L; j++) {
                double want = Math.exp(x[i + j]);
                float wantF = (float) want;
                if (Float.isInfinite(wantF)) {
                    assertEquals(Float.POSITIVE_INFINITY, got[j], "exp(" + x[i + j] + ") overflows");
                    continue;
                }
                double ulp = Math.ulp(wantF);
                if (wantF < Float.MIN_NORMAL) {
                    assertTrue(Math.abs(got[j] - want) <= 2 * Float.MIN_VALUE, "exp(" + x[i + j] + ") = " + got[j] + ", want " + want);
                    continue;
                }
                double err = Math.abs(got[j] - want) / ulp;
                if (err > worstUlp) {
                    worstUlp = err;
                    worstAt = x[i + j];
                }
            }
        }
        assertTrue(worstUlp <= 2, "worst error " + worstUlp + " ulp at x = " + worstAt);
    }

    @Test
    void specialValues() {
        float[] x = new float[L];
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.72f, 88.73f, -103.3f,
            -87.3f, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f};
        for (int start = 0; start < special.length; start += L) {
            int n = Math.min(L, special.length - start);
            System.arraycopy(special, start, x, 0, n);
            float[] got = new float[L];
            VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(got, 0);
            for (int j = 0; j < n; j++) {
                float v = x[j];
                float want = (float) Math.exp(v);
                if (Float.isNaN(want)) {
                    assertTrue(Float.isNaN(got[j]), "exp(NaN) must be NaN, got " + got[j]);
                } else if (want == 0f || Float.isInfinite(want) || want == 1f) {
                    assertEquals(want, got[j], "exp(" + v + ")");
                } else {
                    assertTrue(Math.abs(got[j] - want) <= 2 * Math.ulp(want), "exp(" + v + ") = " + got[j] + ", want " + want);
                }
            }
        }
    }
}
