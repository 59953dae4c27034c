package dev.accel.jmh;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * f32 softmax over the last axis of a {@code rows × cols} matrix ({@code ops().softmax(x, out)}) against the
 * memory-bandwidth anchor of {@link RowOpBenchmark}, in GB/s (8 bytes per element: read {@code x}, write
 * {@code out}).
 */
public class SoftmaxBenchmark extends RowOpBenchmark {
    @Override
    void setUpOp() {
    }

    @Benchmark
    public void accel(Bytes moved) {
        ops.softmax(x, out);
        moved.bytes += 8L * rows * cols;
    }

    @Override
    void checkRow(int r) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, x(r, c));
        }
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Math.exp(x(r, c) - max);
        }
        for (int c = 0; c < cols; c += 37) {
            expectClose("softmax", r, c, Math.exp(x(r, c) - max) / sum, out(r, c));
        }
    }
}
