package dev.accel.examples.bert;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backends;
import dev.accel.backend.Device;
import dev.accel.examples.bert.onnx.OnnxModel;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the engine on one device against an {@link EngineReference} (another runtime's embeddings for fixed token
 * ids) and times it: the CUDA bounds where no ONNX Runtime, tokenizer or Maven is at hand (the GPU machine
 * of {@code scripts/gpu-bundle.sh --engine}). For every reference batch: the minimum per-sentence cosine, then the
 * median over {@code runs} timed calls (after {@code max(5, runs / 2)} untimed ones) of a call's time.
 *
 * <p>Usage: {@code EngineCheck --model FILE --reference FILE [--device NAME] [--min-cosine X] [--runs N] [--json FILE]}.
 * Defaults: device {@code cuda}, minimum cosine 0.99999 on a host device and 0.9999 on any other (the issue's
 * bounds), 20 runs. Exit status 0 when every cosine reaches the bound, 1 when one does not, 2 for bad arguments, a
 * model that is not the reference's (size and SHA-256 checked), or a device that is not available (with its reason).
 */
public final class EngineCheck {
    /** What one check found. */
    public record Result(String device, String deviceDescription, double minCosineBound, List<BatchResult> batches) {
        /** Whether every batch reached the bound. */
        public boolean passed() {
            return batches.stream().allMatch(b -> b.minCosine() >= minCosineBound);
        }
    }

    /** One batch: its minimum cosine and the median time of a call. */
    public record BatchResult(String name, int batch, double minCosine, double medianMillis) {
        public double sentencesPerSecond() {
            return batch * 1000.0 / medianMillis;
        }
    }

    private EngineCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without exiting: returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(usage());
                return 0;
            }
            if (!List.of("--model", "--reference", "--device", "--min-cosine", "--runs", "--json").contains(a) || i + 1 == args.length) {
                err.println("EngineCheck: " + (i + 1 == args.length && a.startsWith("--") ? a + " needs a value" : "unknown argument '" + a + "'"));
                err.println(usage());
                return 2;
            }
            opts.put(a, args[++i]);
        }
        if (!opts.containsKey("--model") || !opts.containsKey("--reference")) {
            err.println("EngineCheck: --model and --reference are required");
            err.println(usage());
            return 2;
        }
        try {
            Device device = Backends.device(opts.getOrDefault("--device", "cuda"));
            double bound = opts.containsKey("--min-cosine") ? Double.parseDouble(opts.get("--min-cosine"))
                    : device.defaultMemoryKind().isHostAccessible() ? 0.99999 : 0.9999;
            int runs = Integer.parseInt(opts.getOrDefault("--runs", "20"));
            if (runs < 1 || !(bound > 0 && bound <= 1)) {
                throw new IllegalArgumentException("--runs must be at least 1 and --min-cosine in (0, 1]");
            }
            Result r = check(Path.of(opts.get("--model")), EngineReference.read(Path.of(opts.get("--reference"))), device, bound, runs);
            for (BatchResult b : r.batches()) {
                out.printf("%s on %s: min cosine %.12f (bound %s) %s; median %.3f ms a call, %.1f sentences/s%n", b.name(), r.device(),
                        b.minCosine(), bound, b.minCosine() >= bound ? "ok" : "FAILED", b.medianMillis(), b.sentencesPerSecond());
            }
            if (opts.containsKey("--json")) {
                writeJson(r, Path.of(opts.get("--json")));
            }
            return r.passed() ? 0 : 1;
        } catch (AccelException | IllegalArgumentException | UncheckedIOException e) {
            err.println("EngineCheck: " + e.getMessage());
            return 2;
        }
    }

    /**
     * Loads the engine from {@code modelFile} on {@code device} and compares it with {@code reference}.
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} when the file is not the reference's model
     */
    public static Result check(Path modelFile, EngineReference reference, Device device, double minCosine, int runs) {
        try (Arena arena = Arena.ofShared(); FileChannel ch = FileChannel.open(modelFile, StandardOpenOption.READ)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            String sha = EngineReference.sha256(file);
            if (file.byteSize() != reference.modelBytes() || !sha.equals(reference.modelSha256())) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, modelFile + " is " + file.byteSize() + " bytes with SHA-256 " + sha
                        + "; the reference was made from " + reference.model() + ", " + reference.modelBytes() + " bytes, SHA-256 "
                        + reference.modelSha256());
            }
            List<BatchResult> results = new ArrayList<>();
            try (BertEncoder engine = BertEncoder.load(OnnxModel.parse(file, reference.model()), reference.model(), device)) {
                for (EngineReference.Batch b : reference.batches()) {
                    results.add(batch(engine, b, runs));
                }
            }
            return new Result(device.name(), device.toString(), minCosine, results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the model " + modelFile + ": " + e.getMessage(), e);
        }
    }

    private static BatchResult batch(BertEncoder engine, EngineReference.Batch b, int runs) {
        try (MemoryScope scope = MemoryScope.shared()) {
            Tensor ids = Tensor.copyOf(scope, b.inputIds(), b.batch(), b.sequence());
            Tensor mask = Tensor.copyOf(scope, b.attentionMask(), b.batch(), b.sequence());
            Tensor types = Tensor.copyOf(scope, b.tokenTypeIds(), b.batch(), b.sequence());
            float[] got = embed(engine, ids, mask, types);
            int hidden = b.hidden();
            if (got.length != b.embeddings().length) {
                throw new AccelException(ErrorCode.SHAPE_MISMATCH, "batch '" + b.name() + "': the engine gave " + got.length / b.batch()
                        + " values a sentence, the reference " + hidden);
            }
            double min = 1;
            for (int row = 0; row < b.batch(); row++) {
                min = Math.min(min, cosine(got, b.embeddings(), row * hidden, hidden));
            }
            for (int i = 0; i < Math.max(5, runs / 2); i++) {
                embed(engine, ids, mask, types);
            }
            double[] millis = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                embed(engine, ids, mask, types);
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(millis);
            return new BatchResult(b.name(), b.batch(), min, millis[runs / 2]);
        }
    }

    /** The embeddings copied to the host: the end of a call, as a caller sees it. */
    private static float[] embed(BertEncoder engine, Tensor ids, Tensor mask, Tensor types) {
        try (MemoryScope call = MemoryScope.shared()) {
            Tensor e = engine.sentenceEmbeddings(ids, mask, types, call);
            Tensor host = e.memoryKind().isHostAccessible() ? e : e.to(Backends.device("cpu"), call);
            if (host.dtype() != DType.F32) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "embeddings are " + host.dtype() + ", expected f32");
            }
            return host.toFloatArray();
        }
    }

    private static double cosine(float[] a, float[] b, int from, int n) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = from; i < from + n; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 && nb == 0 ? 1 : dot / Math.sqrt(na * nb);
    }

    private static void writeJson(Result r, Path file) {
        List<Object> batches = new ArrayList<>();
        for (BatchResult b : r.batches()) {
            batches.add(JsonObjects.of("name", b.name(), "batch", (long) b.batch(), "minCosine", b.minCosine(),
                    "medianMillis", b.medianMillis(), "sentencesPerSecond", b.sentencesPerSecond()));
        }
        Object doc = JsonObjects.of("device", r.device(), "deviceDescription", r.deviceDescription(), "minCosineBound", r.minCosineBound(),
                "passed", r.passed(), "batches", batches);
        try {
            Files.writeString(file, Json.writePretty(doc) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String usage() {
        return "usage: EngineCheck --model FILE --reference FILE [--device NAME] [--min-cosine X] [--runs N] [--json FILE]\n"
                + "  checks the example engine on a device (default cuda) against another runtime's embeddings\n"
                + "  (an EngineReference file) and times it; exit 0 pass, 1 a cosine under the bound, 2 error";
    }
}
