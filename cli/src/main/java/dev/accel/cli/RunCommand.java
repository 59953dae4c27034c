package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelSession;
import dev.accel.npy.Npy;
import dev.accel.store.local.ModelStore;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code accel run}: one run of an ONNX model from the store on {@code .npy} tensors. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an ONNX model from the store once on .npy inputs (mapped, not copied) and write or summarise its outputs.",
                "MODEL is a registry name, a CID, or CID/path in a directory; for a directory, its model.onnx or only .onnx file.",
                "Example: accel run all-minilm-l6-v2 --input input_ids=ids.npy --input attention_mask=mask.npy \\",
                "           --input token_type_ids=types.npy --output out/"})
final class RunCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Registry name, CID, or CID/path.")
    String model;

    @Option(names = {"-i", "--input"}, paramLabel = "NAME=FILE.npy", required = true,
            description = "An input of the model and the .npy file that holds it (repeat for each input).")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write each output to DIR/NAME.npy (default: print each output's dtype, shape and a summary).")
    Path output;

    @Option(names = "--store", paramLabel = "DIR", description = "Store folder (default: $ACCEL_STORE, else ~/.cache/accel/store).")
    Path store;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = {"Where to run: an ONNX Runtime execution provider (cpu, cuda, openvino, coreml, qnn, or auto),",
                    "or a device of a model runtime of its own: openvino:CPU|GPU|NPU|AUTO (an ONNX or IR model),",
                    "qnn:htp|gpu|dsp|cpu (a QNN context binary), coreml:cpu|gpu|ane|all (an .mlmodel). Default: ${DEFAULT-VALUE}."})
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Threads inside each operator (0: one per core).")
    int threads;

    @Override
    public void run() {
        Map<String, Path> files = parseInputs();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ModelStore s = StoreCommand.open(store)) {
            StoreProgress importing = StoreProgress.of(err, "importing " + model, 0);
            ModelReference ref = ModelReference.resolve(s, model, true, importing);
            importing.done();
            ref.reportImport(err);
            try (ModelReference.Opened opened = ref.openSession(s, ModelReference.options(device, threads), device);
                 MemoryScope scope = MemoryScope.shared()) {
                ModelSession session = opened.session();
                Map<String, Tensor> given = new LinkedHashMap<>();
                files.forEach((name, file) -> given.put(name, Npy.map(file, scope)));
                long t0 = System.nanoTime();
                Map<String, Tensor> results = session.run(given, scope);
                long runNanos = System.nanoTime() - t0;
                out.printf(Locale.ROOT, "model %s (%s, %s); session %.1f ms, run %.2f ms%n", ref.describe(), opened.session().runtime(),
                        session.providers(), opened.sessionNanos() / 1e6, runNanos / 1e6);
                if (output != null) {
                    createDirectories(output);
                }
                for (var e : results.entrySet()) {
                    Tensor t = e.getValue();
                    if (output != null) {
                        Path file = output.resolve(fileName(e.getKey()));
                        Npy.write(file, t);
                        out.printf(Locale.ROOT, "%s: %s%s -> %s%n", e.getKey(), t.dtype(), Arrays.toString(t.shape()), file);
                    } else {
                        out.printf(Locale.ROOT, "%s: %s%s %s%n", e.getKey(), t.dtype(), Arrays.toString(t.shape()), summary(t));
                    }
                }
            }
        }
    }

    private Map<String, Path> parseInputs() {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String spec : inputs) {
            int eq = spec.lastIndexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new CommandLine.ParameterException(this.spec.commandLine(), "--input takes NAME=FILE.npy, got '" + spec + "'");
            }
            String name = spec.substring(0, eq);
            Path file = Path.of(spec.substring(eq + 1));
            if (m.put(name, file) != null) {
                throw new CommandLine.ParameterException(this.spec.commandLine(), "input '" + name + "' is given twice");
            }
            if (!Files.isRegularFile(file)) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "input '" + name + "': no such file " + file);
            }
        }
        return m;
    }

    /** An output name as a file name: characters other than letters, digits, {@code . _ -} become {@code _}. */
    static String fileName(String output) {
        String n = output.replaceAll("[^A-Za-z0-9._-]", "_");
        return (n.isEmpty() || n.startsWith(".") ? "_" + n : n) + ".npy";
    }

    /** min, max, mean and the first values of a host tensor. */
    static String summary(Tensor t) {
        if (t.numel() == 0) {
            return "(empty)";
        }
        boolean integral = t.dtype() == DType.I64 || t.dtype() == DType.I32 || t.dtype() == DType.I16 || t.dtype() == DType.I8
                || t.dtype() == DType.U8 || t.dtype() == DType.BOOL;
        double[] v = t.toDoubleArray();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double d : v) {
            min = Math.min(min, d);
            max = Math.max(max, d);
            sum += d;
        }
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < Math.min(5, v.length); i++) {
            head.append(i == 0 ? "" : ", ").append(integral ? Long.toString((long) v[i]) : String.format(Locale.ROOT, "%.5g", v[i]));
        }
        return String.format(Locale.ROOT, "min %.5g max %.5g mean %.5g  first [%s%s]", min, max, sum / v.length, head, v.length > 5 ? ", ..." : "");
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
