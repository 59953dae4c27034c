package dev.accel.cli;

import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.memory.MemoryScope;
import dev.accel.npy.Npy;
import dev.accel.store.local.ModelStore;
import dev.accel.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code accel embed}: sentence embeddings of the texts given, and their cosine-similarity matrix. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Sentence embeddings of texts, and their cosine-similarity matrix.",
                "Uses a sentence-embedding model from the store (default all-minilm-l6-v2, imported on first use): tokenize,",
                "run, mean-pool over the attention mask, L2-normalise. Prints each embedding's first values and norm (every",
                "value with --json) and, for two or more texts, their cosine-similarity matrix."})
final class EmbedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to embed (one per argument).")
    List<String> texts;

    @Option(names = "--model", paramLabel = "NAME|CID", defaultValue = ModelBootstrap.DEFAULT_MODEL,
            description = "Model directory in the store: a registry name or CID (default: ${DEFAULT-VALUE}; all-minilm-l6-v2-q is the int8 one).")
    String model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.npy", description = "Also write the embeddings as an f32 [texts, dims] .npy file.")
    Path output;

    @Option(names = "--json", description = "Print JSON: every value of every embedding, and the similarity matrix.")
    boolean json;

    @Option(names = "--store", paramLabel = "DIR", description = "Store folder (default: $ACCEL_STORE, else ~/.cache/accel/store).")
    Path store;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "Execution provider: auto, cpu, cuda, openvino, coreml, qnn (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Threads inside each operator (0: one per core).")
    int threads;

    static final int SHOWN_VALUES = 6;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ModelStore s = StoreCommand.open(store)) {
            StoreProgress importing = StoreProgress.of(err, "importing " + model, 0);
            ModelReference ref = ModelReference.resolve(s, model, true, importing);
            importing.done();
            ref.reportImport(err);
            try (ModelReference.Opened opened = ref.openSession(s, ModelReference.options(device, threads), device);
                 MemoryScope scope = MemoryScope.shared()) {
                EmbedPipeline pipeline = EmbedPipeline.load(s, ref, opened.session(), t -> err.println("warning: " + t));
                Tensor embeddings = pipeline.embed(texts, scope);
                if (output != null) {
                    Npy.write(output, embeddings);
                }
                float[][] rows = EmbedPipeline.rows(embeddings);
                double[][] sim = rows.length > 1 ? EmbedPipeline.similarity(rows) : null;
                if (json) {
                    printJson(out, ref, rows, sim);
                } else {
                    printText(out, ref, pipeline, rows, sim);
                }
                if (output != null) {
                    err.println("wrote " + output + " (f32 [" + rows.length + ", " + pipeline.dims() + "])");
                }
            }
        }
    }

    private void printText(PrintWriter out, ModelReference ref, EmbedPipeline pipeline, float[][] rows, double[][] sim) {
        out.println("model " + ref.describe() + ", " + pipeline.dims() + " dims");
        for (int i = 0; i < rows.length; i++) {
            out.printf(Locale.ROOT, "[%d] %s%n    norm %.6f  [%s, ...]%n", i, quote(texts.get(i), 70), norm(rows[i]), head(rows[i], SHOWN_VALUES));
        }
        if (sim != null) {
            out.println("cosine similarity:");
            out.print(EmbedPipeline.formatMatrix(sim, "  "));
        }
        out.flush();
    }

    private void printJson(PrintWriter out, ModelReference ref, float[][] rows, double[][] sim) {
        List<Object> embs = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            List<Object> v = new ArrayList<>();
            for (float f : rows[i]) {
                v.add(f);
            }
            embs.add(JsonObjects.of("text", texts.get(i), "embedding", v));
        }
        List<Object> matrix = new ArrayList<>();
        if (sim != null) {
            for (double[] row : sim) {
                List<Object> v = new ArrayList<>();
                for (double d : row) {
                    v.add(Math.round(d * 1e6) / 1e6); // six decimals, as the table shows
                }
                matrix.add(v);
            }
        }
        out.println(Json.write(JsonObjects.of("model", ref.label(), "root", ref.root().toString(), "dims", rows[0].length,
                "embeddings", embs, "similarity", matrix)));
    }

    static String head(float[] v, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(n, v.length); i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        return b.toString();
    }

    static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    static String quote(String text, int max) {
        String t = text.replaceAll("\\p{Cntrl}", " ");
        return "\"" + (t.length() > max ? t.substring(0, max - 1) + "…" : t) + "\"";
    }
}
