package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Backend;
import dev.accel.backend.Backends;
import dev.accel.conformance.ConformanceKit;
import dev.accel.conformance.ConformanceReport;
import dev.accel.conformance.KitOptions;
import dev.accel.conformance.ReportJson;
import dev.accel.conformance.ReportTable;
import dev.accel.conformance.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code accel conformance}: runs the hardware conformance kit on every backend found (or those named) and
 * prints the table backend x op x dtype. Exits 1 when any case failed, 2 when no backend could be tested.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run the hardware conformance kit on each backend found (or those named with --backend): every op for "
                + "every dtype against a float64 reference, plus memory, stream, event and placement checks.",
                "Prints a table backend x op x dtype (pass N, FAIL with the max abs error, unsup, skip), then every failure "
                        + "with its case and every skip with its reason.",
                "Exit status: 0 all passed, 1 a case failed, 2 no backend could be tested (all skipped)."})
final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME", split = ",",
            description = "Backend(s) to test, e.g. cpu or cuda,cpu (default: every backend in this build).")
    List<String> backends = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the full report (every case, device, JDK, OS, date) as JSON.")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table as Markdown (the form of docs/conformance.md).")
    Path markdown;

    @Option(names = "--full", description = "40 random shapes per op and dtype instead of 3 (slower).")
    boolean full;

    @Option(names = "--quick", description = "No random shapes and no large sizes: the fixed edge cases only (fastest).")
    boolean quick;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every input (default: the kit's fixed seed; a failure prints the seed to rerun it).")
    Long seed;

    @Override
    public Integer call() throws IOException {
        if (full && quick) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "--full and --quick exclude each other");
        }
        KitOptions options = full ? KitOptions.full() : quick ? KitOptions.edgesOnly() : KitOptions.standard();
        if (seed != null) {
            options = options.withSeed(seed);
        }
        List<Backend> selected = new ArrayList<>();
        if (backends.isEmpty()) {
            selected.addAll(Backends.all());
        } else {
            for (String name : backends) {
                selected.add(Backends.get(name.trim())); // unknown names: AccelException listing the backends found
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        List<ConformanceReport> reports = new ArrayList<>();
        for (Backend b : selected) {
            spec.commandLine().getErr().println("accel: testing backend " + b.name() + "...");
            reports.add(ConformanceKit.run(b, options));
        }
        out.print(ReportTable.text(reports));
        out.flush();
        if (json != null) {
            Files.writeString(json, ReportJson.write(reports));
        }
        if (markdown != null) {
            Files.writeString(markdown, ReportTable.markdown(reports));
        }
        if (reports.stream().anyMatch(ConformanceReport::hasFailures)) {
            return 1;
        }
        boolean tested = reports.stream().anyMatch(r -> r.count(Status.PASS) + r.count(Status.UNSUPPORTED) > 0);
        return tested ? 0 : 2;
    }
}
