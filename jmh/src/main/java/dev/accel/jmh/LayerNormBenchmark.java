package dev.accel.jmh;

import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * f32 layer normalization over the last axis of a {@code rows × cols} matrix, with {@code gamma} and
 * {@code beta} of {@code cols} elements and {@code eps = 1e-5} ({@code ops().layerNorm}), against the
 * memory-bandwidth anchor of {@link RowOpBenchmark}, in GB/s (8 bytes per element: read {@code x}, write
 * {@code out}; {@code gamma} and {@code beta} stay in cache).
 */
public class LayerNormBenchmark extends RowOpBenchmark {
    static final double EPS = 1e-5;

    private Tensor gamma;
    private Tensor beta;

    @Override
    void setUpOp() {
        gamma = Tensor.zeros(scope, DType.F32, cols);
        beta = Tensor.zeros(scope, DType.F32, cols);
        MemorySegment g = gamma.memory().hostSegment();
        MemorySegment b = beta.memory().hostSegment();
        for (int c = 0; c < cols; c++) {
            g.setAtIndex(ValueLayout.JAVA_FLOAT, c, 0.5f + (c % 7) * 0.25f);
            b.setAtIndex(ValueLayout.JAVA_FLOAT, c, (c % 5) * 0.1f - 0.2f);
        }
    }

    @Benchmark
    public void accel(Bytes moved) {
        ops.layerNorm(x, gamma, beta, EPS, out);
        moved.bytes += 8L * rows * cols;
    }

    @Override
    void checkRow(int r) {
        double mean = 0;
        for (int c = 0; c < cols; c++) {
            mean += x(r, c);
        }
        mean /= cols;
        double var = 0;
        for (int c = 0; c < cols; c++) {
            var += (x(r, c) - mean) * (x(r, c) - mean);
        }
        var /= cols;
        MemorySegment g = gamma.memory().hostSegment();
        MemorySegment b = beta.memory().hostSegment();
        for (int c = 0; c < cols; c += 37) {
            double expected = (x(r, c) - mean) / Math.sqrt(var + EPS) * g.getAtIndex(ValueLayout.JAVA_FLOAT, c)
                    + b.getAtIndex(ValueLayout.JAVA_FLOAT, c);
            expectClose("layer_norm", r, c, expected, out(r, c));
        }
    }
}
