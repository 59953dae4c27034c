package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backends;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.Ops;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code accel demo ops}: runs a built-in workload, one self-attention head with a residual and layer norm,
 * on a device, checks it against a float64 reference computed in plain Java, and prints devices,
 * checksum and timings.
 */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = {"Run the built-in CPU-op workload on a device and check it against a float64 reference:",
                "one self-attention head  y = layer_norm(x + softmax((x Wq)(x Wk)^T / sqrt(d)) (x Wv)).",
                "Prints the devices, the result's checksum, its error against the reference and timings."})
final class DemoOpsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--device", defaultValue = "auto", description = "Device spec: auto, cpu, cuda:0, ... (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--seq", defaultValue = "256", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--dim", defaultValue = "512", description = "Model width (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--iterations", defaultValue = "20", description = "Timed iterations after one warm-up run (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (seq < 1 || dim < 1 || iterations < 1 || (long) seq * dim > (1L << 26) || (long) dim * dim > (1L << 26)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--seq, --dim and --iterations must be >= 1, and seq*dim, dim*dim at most 2^26 (got seq=" + seq + ", dim=" + dim + ", iterations=" + iterations + ")");
        }
        out.println("Devices:");
        for (DevicesCommand.Row r : DevicesCommand.rows()) {
            out.printf("  %-9s %s%n", r.backend(), r.available() ? "available: " + r.devices().stream().map(Device::name).toList() : "unavailable: " + r.reason());
        }
        Device target = Backends.device(device);
        out.printf(Locale.ROOT, "Workload: self-attention head, seq=%d, dim=%d, f32, on %s (%s)%n", seq, dim, target.name(), target.description());

        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = random(rnd, seq * dim, 1.0);
        float[] wq = random(rnd, dim * dim, 1 / Math.sqrt(dim));
        float[] wk = random(rnd, dim * dim, 1 / Math.sqrt(dim));
        float[] wv = random(rnd, dim * dim, 1 / Math.sqrt(dim));
        float[] gamma = new float[dim];
        float[] beta = new float[dim];
        for (int i = 0; i < dim; i++) {
            gamma[i] = 1 + 0.1f * (float) rnd.nextGaussian();
            beta[i] = 0.1f * (float) rnd.nextGaussian();
        }

        try (MemoryScope host = MemoryScope.shared(); MemoryScope work = MemoryScope.shared()) {
            Tensor[] in = {
                    Tensor.copyOf(host, x, seq, dim), Tensor.copyOf(host, wq, dim, dim), Tensor.copyOf(host, wk, dim, dim),
                    Tensor.copyOf(host, wv, dim, dim), Tensor.copyOf(host, gamma, dim), Tensor.copyOf(host, beta, dim)};
            Tensor[] onDevice = new Tensor[in.length];
            long t0 = System.nanoTime();
            for (int i = 0; i < in.length; i++) {
                onDevice[i] = in[i].to(target, work);
            }
            long uploadNs = System.nanoTime() - t0;

            long first = System.nanoTime();
            Tensor y = attention(target.ops(), onDevice, work);
            long firstNs = System.nanoTime() - first;
            long[] times = new long[iterations];
            for (int it = 0; it < iterations; it++) {
                try (MemoryScope iterScope = MemoryScope.shared()) {
                    long s = System.nanoTime();
                    attention(target.ops(), onDevice, iterScope);
                    times[it] = System.nanoTime() - s;
                }
            }
            Tensor result = y.memoryKind().isHostAccessible() ? y : y.to(Backends.device("cpu"), work);
            float[] got = result.toFloatArray();
            double[] want = reference(x, wq, wk, wv, gamma, beta, seq, dim);
            double maxErr = 0;
            double sum = 0;
            for (int i = 0; i < got.length; i++) {
                maxErr = Math.max(maxErr, Math.abs(got[i] - want[i]));
                sum += got[i];
            }
            Arrays.sort(times);
            double flops = 2.0 * seq * dim * dim * 3 + 2.0 * seq * seq * dim * 2;
            double medianMs = times[times.length / 2] / 1e6;
            out.printf(Locale.ROOT, "Result: shape [%d, %d], sum %.6f, sha256(f32 bytes) %s%n", seq, dim, sum, sha256(result.asSegment()));
            out.printf(Locale.ROOT, "Check: max |error| vs float64 reference = %.3g (tolerance 1e-3) -> %s%n", maxErr, maxErr <= 1e-3 ? "OK" : "FAILED");
            out.printf(Locale.ROOT, "Timings: upload %.2f ms, first run %.2f ms, %d runs: median %.2f ms, min %.2f ms, max %.2f ms (%.1f GFLOP/s at the median)%n",
                    uploadNs / 1e6, firstNs / 1e6, iterations, medianMs, times[0] / 1e6, times[times.length - 1] / 1e6, flops / (medianMs * 1e6));
            out.println("(Wall-clock timings of one run on this machine; see docs/benchmarks.md for JMH measurements.)");
            if (maxErr > 1e-3 || Double.isNaN(maxErr)) {
                throw new AccelException(ErrorCode.INTERNAL, "demo result differs from the float64 reference by " + maxErr);
            }
        }
    }

    /** y = layer_norm(x + softmax((x Wq)(x Wk)^T / sqrt(d)) (x Wv)). */
    static Tensor attention(Ops ops, Tensor[] t, MemoryScope scope) {
        Tensor x = t[0];
        Tensor q = ops.matmul(x, t[1], scope);
        Tensor k = ops.matmul(x, t[2], scope);
        Tensor v = ops.matmul(x, t[3], scope);
        Tensor scores = ops.matmul(q, k.transpose(0, 1), scope);
        ops.scale(scores, 1 / Math.sqrt(x.size(1)), scores);
        ops.softmax(scores, scores);
        Tensor attended = ops.matmul(scores, v, scope);
        ops.binary(BinaryOp.ADD, attended, x, attended);
        return ops.layerNorm(attended, t[4], t[5], 1e-5, scope);
    }

    static double[] reference(float[] x, float[] wq, float[] wk, float[] wv, float[] gamma, float[] beta, int seq, int dim) {
        double[] q = mm(x, wq, seq, dim, dim);
        double[] k = mm(x, wk, seq, dim, dim);
        double[] v = mm(x, wv, seq, dim, dim);
        double[] y = new double[seq * dim];
        double scale = 1 / Math.sqrt(dim);
        double[] p = new double[seq];
        for (int i = 0; i < seq; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < seq; j++) {
                double s = 0;
                for (int c = 0; c < dim; c++) {
                    s += q[i * dim + c] * k[j * dim + c];
                }
                p[j] = s * scale;
                max = Math.max(max, p[j]);
            }
            double total = 0;
            for (int j = 0; j < seq; j++) {
                p[j] = Math.exp(p[j] - max);
                total += p[j];
            }
            double mean = 0;
            double[] row = new double[dim];
            for (int c = 0; c < dim; c++) {
                double a = 0;
                for (int j = 0; j < seq; j++) {
                    a += p[j] / total * v[j * dim + c];
                }
                row[c] = a + x[i * dim + c];
                mean += row[c];
            }
            mean /= dim;
            double var = 0;
            for (int c = 0; c < dim; c++) {
                var += (row[c] - mean) * (row[c] - mean);
            }
            var /= dim;
            for (int c = 0; c < dim; c++) {
                y[i * dim + c] = (row[c] - mean) / Math.sqrt(var + 1e-5) * gamma[c] + beta[c];
            }
        }
        return y;
    }

    private static double[] mm(float[] a, float[] b, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double av = a[i * k + p];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += av * b[p * n + j];
                }
            }
        }
        return c;
    }

    private static float[] random(SplittableRandom rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * scale);
        }
        return a;
    }

    private static String sha256(MemorySegment bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes.asByteBuffer());
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
