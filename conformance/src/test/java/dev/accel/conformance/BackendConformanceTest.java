package dev.accel.conformance;

import dev.accel.backend.Backend;
import dev.accel.backend.Backends;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The conformance suite as tests: one dynamic test per backend x device x check x dtype, so that the
 * Surefire report lists each cell. {@code -Dbackend=NAME} picks one backend (default: every backend the
 * {@code ServiceLoader} finds); an unavailable backend, or one not in this build, is skipped with its
 * reason. {@code -Dconformance.full=true} runs more random cases; {@code -Dconformance.seed=N} other inputs;
 * {@code -Dconformance.report=DIR} also writes each backend's report as JSON and Markdown into DIR.
 */
class BackendConformanceTest {
    @TestFactory
    List<DynamicNode> conformance() throws IOException {
        String wanted = System.getProperty("backend", "").trim();
        KitOptions options = Boolean.getBoolean("conformance.full") ? KitOptions.full() : KitOptions.standard();
        String seed = System.getProperty("conformance.seed", "").trim();
        if (!seed.isEmpty()) {
            options = options.withSeed(Long.decode(seed));
        }
        List<DynamicNode> nodes = new ArrayList<>();
        List<Backend> backends = new ArrayList<>();
        if (wanted.isEmpty()) {
            backends.addAll(Backends.all());
        } else {
            for (String name : wanted.split(",")) {
                try {
                    backends.add(Backends.get(name.trim()));
                } catch (RuntimeException e) {
                    String reason = e.getMessage();
                    nodes.add(DynamicTest.dynamicTest(name.trim() + ": not in this build",
                            () -> Assumptions.abort("backend '" + name.trim() + "' cannot be tested: " + reason)));
                }
            }
        }
        for (Backend b : backends) {
            ConformanceReport report = ConformanceKit.run(b, options);
            System.out.println(ReportTable.text(List.of(report)));
            writeReport(report);
            List<DynamicNode> tests = new ArrayList<>();
            for (ConformanceReport.Cell c : report.cells()) {
                String name = c.device() + " " + c.check() + " " + c.dtype() + ": " + c.status().label().toUpperCase(Locale.ROOT)
                        + (c.total() > 1 ? " (" + c.passed() + "/" + c.total() + " cases)" : "");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    switch (c.status()) {
                        case PASS, UNSUPPORTED -> {
                        }
                        case SKIPPED -> Assumptions.abort(c.detail());
                        case FAIL -> fail(c.detail() + " (max abs error " + c.maxAbsError() + ", max rel error " + c.maxRelError() + ")");
                    }
                }));
            }
            nodes.add(DynamicContainer.dynamicContainer("backend " + b.name(), tests));
        }
        return nodes;
    }

    /** With {@code -Dconformance.report=DIR}: writes {@code DIR/conformance-NAME.json} and {@code .md} (e.g. on a GPU machine). */
    private static void writeReport(ConformanceReport report) throws IOException {
        String dir = System.getProperty("conformance.report", "").trim();
        if (dir.isEmpty()) {
            return;
        }
        Path d = Files.createDirectories(Path.of(dir));
        Files.writeString(d.resolve("conformance-" + report.backend() + ".json"), ReportJson.write(List.of(report)));
        Files.writeString(d.resolve("conformance-" + report.backend() + ".md"), ReportTable.markdown(List.of(report)));
    }
}
