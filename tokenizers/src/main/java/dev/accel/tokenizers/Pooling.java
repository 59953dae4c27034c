package dev.accel.tokenizers;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Sentence embeddings from a transformer's token states, as sentence-transformers computes them: the mean
 * of the token vectors whose attention mask is 1, then (optionally) L2 normalization. Sums run in double.
 */
public final class Pooling {
    /** Smallest norm divided by, as in PyTorch's {@code F.normalize} (eps = 1e-12). */
    public static final double NORM_EPSILON = 1e-12;

    private Pooling() {
    }

    /**
     * Mean over the masked tokens: {@code hidden} is {@code [batch, sequence, width]} (f32, f16, bf16 or f64,
     * any layout; a non-contiguous or non-f32 tensor is read element by element), {@code attentionMask} is
     * {@code [batch, sequence]} of any integer or bool dtype. A row whose mask is all zero gives zeros.
     *
     * @return a new f32 {@code [batch, width]} tensor owned by {@code scope}
     * @throws AccelException {@link ErrorCode#SHAPE_MISMATCH} when the shapes do not fit
     */
    public static Tensor meanPool(Tensor hidden, Tensor attentionMask, MemoryScope scope) {
        if (hidden.rank() != 3 || attentionMask.rank() != 2 || hidden.size(0) != attentionMask.size(0) || hidden.size(1) != attentionMask.size(1)) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "meanPool needs hidden [batch, sequence, width] and mask [batch, sequence]; got "
                    + Arrays.toString(hidden.shape()) + " and " + Arrays.toString(attentionMask.shape()));
        }
        int batch = Math.toIntExact(hidden.size(0));
        int seq = Math.toIntExact(hidden.size(1));
        int width = Math.toIntExact(hidden.size(2));
        long[] mask = attentionMask.toLongArray();
        Tensor out = Tensor.zeros(scope, DType.F32, batch, width);
        MemorySegment dst = out.asSegment();
        double[] acc = new double[width];
        boolean fast = hidden.dtype() == DType.F32 && hidden.isContiguous();
        MemorySegment src = fast ? hidden.asSegment() : null;
        for (int b = 0; b < batch; b++) {
            Arrays.fill(acc, 0);
            long count = 0;
            for (int s = 0; s < seq; s++) {
                if (mask[b * seq + s] == 0) {
                    continue;
                }
                count++;
                if (fast) {
                    long base = ((long) b * seq + s) * width * Float.BYTES;
                    for (int h = 0; h < width; h++) {
                        acc[h] += src.getAtIndex(ValueLayout.JAVA_FLOAT, (base / Float.BYTES) + h);
                    }
                } else {
                    for (int h = 0; h < width; h++) {
                        acc[h] += hidden.getDouble(b, s, h);
                    }
                }
            }
            double denom = Math.max(count, 1e-9);
            for (int h = 0; h < width; h++) {
                dst.setAtIndex(ValueLayout.JAVA_FLOAT, (long) b * width + h, (float) (acc[h] / denom));
            }
        }
        return out;
    }

    /**
     * Divides each row of a {@code [batch, width]} f32 host tensor by its L2 norm (at least
     * {@value #NORM_EPSILON}), in place; returns the same tensor.
     */
    public static Tensor l2NormalizeInPlace(Tensor rows) {
        if (rows.rank() != 2 || rows.dtype() != DType.F32 || !rows.isContiguous()) {
            throw new AccelException(ErrorCode.SHAPE_MISMATCH, "l2NormalizeInPlace needs a contiguous f32 [batch, width] tensor, got " + rows);
        }
        MemorySegment seg = rows.asSegment();
        long width = rows.size(1);
        for (long b = 0; b < rows.size(0); b++) {
            double sum = 0;
            for (long h = 0; h < width; h++) {
                double v = seg.getAtIndex(ValueLayout.JAVA_FLOAT, b * width + h);
                sum += v * v;
            }
            double norm = Math.max(Math.sqrt(sum), NORM_EPSILON);
            for (long h = 0; h < width; h++) {
                long i = b * width + h;
                seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (seg.getAtIndex(ValueLayout.JAVA_FLOAT, i) / norm));
            }
        }
        return rows;
    }

    /** Mean pooling then L2 normalization: sentence-transformers' embedding for MiniLM-style models. */
    public static Tensor sentenceEmbeddings(Tensor hidden, Tensor attentionMask, MemoryScope scope) {
        return l2NormalizeInPlace(meanPool(hidden, attentionMask, scope));
    }

    /** Cosine similarity of two vectors of equal length, computed in double (0 when either is all zero). */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
