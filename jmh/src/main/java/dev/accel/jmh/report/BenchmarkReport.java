package dev.accel.jmh.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code docs/benchmarks.md} from the JMH results in {@code docs/benchmarks/} and a template, and one SVG
 * chart per benchmark group. Run it with {@code scripts/bench.sh --report}, or
 * {@code java -cp jmh/target/benchmarks.jar dev.accel.jmh.report.BenchmarkReport [options]}.
 *
 * <p>The template is Markdown with placeholders, each replaced by generated text:
 * <ul>
 *   <li>{@code {{group:ID}}}: the group's table (Accel, each anchor, the ratio with its error), the runs it
 *       comes from, anchors not run with the reason, and the chart;</li>
 *   <li>{@code {{summary}}}: one line per group with the range of its ratios;</li>
 *   <li>{@code {{runs}}}: every run with its machine, JDK, load and command;</li>
 *   <li>{@code {{ratio:ID:ROW:N}}}, {@code {{value:ID:ROW}}}, {@code {{anchor:ID:ROW:N}}}: one number for
 *       the prose (Accel vs anchor N, counted from 1; Accel's value; anchor N's value), so that no number is
 *       ever typed by hand. A row the runs do not have gives a visible "(not measured)" and a warning.</li>
 * </ul>
 * A comment starting {@code <!-- template:} is the template's own and is left out of the report. An unknown
 * placeholder or group id is an error: the report is not written.
 */
public final class BenchmarkReport {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

    private BenchmarkReport() {
    }

    /**
     * Options: {@code --results DIR} (default {@code docs/benchmarks}), {@code --template FILE} (default
     * {@code DIR/report-template.md}), {@code --out FILE} (default {@code docs/benchmarks.md}); charts go to
     * {@code DIR/charts/}.
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true"); // charts are drawn off screen
        Path results = Path.of("docs/benchmarks");
        Path template = null;
        Path out = Path.of("docs/benchmarks.md");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--results" -> results = Path.of(required(args[i], value));
                case "--template" -> template = Path.of(required(args[i], value));
                case "--out" -> out = Path.of(required(args[i], value));
                case "-h", "--help" -> {
                    System.out.println("usage: BenchmarkReport [--results DIR] [--template FILE] [--out FILE]");
                    return;
                }
                default -> {
                    System.err.println("BenchmarkReport: unknown option '" + args[i]
                            + "' (expected --results DIR, --template FILE, --out FILE)");
                    System.exit(2);
                }
            }
            i++;
        }
        if (template == null) {
            template = results.resolve("report-template.md");
        }
        try {
            Written w = write(results, template, out, System.err);
            System.err.println("BenchmarkReport: wrote " + out + " and " + w.charts().size() + " charts in "
                    + results.resolve("charts") + " from " + w.runs() + " runs");
        } catch (IllegalArgumentException e) {
            System.err.println("BenchmarkReport: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** What {@link #write} wrote. */
    record Written(int runs, List<Path> charts) {
    }

    /** Reads the runs and the template, writes the report and the charts; warnings go to {@code warn}. */
    static Written write(Path results, Path template, Path out, PrintStream warn) throws IOException {
        List<BenchmarkRun> runs = BenchmarkRun.readAll(results);
        if (!Files.exists(template)) {
            throw new IOException("template " + template + " not found");
        }
        Path outDir = out.toAbsolutePath().getParent();
        String jsonDir = outDir.relativize(results.toAbsolutePath()).toString().replace('\\', '/');
        Path chartDir = results.resolve("charts");
        Files.createDirectories(chartDir);
        Map<String, String> charts = new LinkedHashMap<>();
        List<Path> written = new ArrayList<>();
        Map<String, GroupTable> tables = new LinkedHashMap<>();
        for (Group g : Groups.all()) {
            GroupTable table = GroupTable.of(g, runs);
            tables.put(g.id(), table);
            Optional<String> svg = Charts.svg(table);
            Path file = chartDir.resolve(g.id() + ".svg");
            if (svg.isPresent()) {
                Files.writeString(file, svg.get(), StandardCharsets.UTF_8);
                written.add(file);
                charts.put(g.id(), jsonDir + "/charts/" + g.id() + ".svg");
            } else {
                Files.deleteIfExists(file); // a chart of a group no run has any more would be stale
            }
        }
        String text = expand(withoutTemplateComments(Files.readString(template, StandardCharsets.UTF_8)), tables, charts, runs,
                new Markdown(jsonDir), warn);
        String header = "<!-- Generated by scripts/bench.sh --report (dev.accel.jmh.report.BenchmarkReport) from "
                + jsonDir + "/*.json and " + outDir.relativize(template.toAbsolutePath()).toString().replace('\\', '/')
                + ". Edit the template, not this file. -->\n";
        Files.writeString(out, header + text, StandardCharsets.UTF_8);
        return new Written(runs.size(), written);
    }

    /** Drops the template's own comments: {@code <!-- template: ... -->}, possibly over several lines. */
    static String withoutTemplateComments(String template) {
        return template.replaceAll("(?s)<!-- template:.*?-->\\R?", "");
    }

    /** Replaces every placeholder of {@code template}. */
    static String expand(String template, Map<String, GroupTable> tables, Map<String, String> charts,
                         List<BenchmarkRun> runs, Markdown md, PrintStream warn) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String line = template.substring(0, m.start()).split("\n", -1).length + "";
            String replacement;
            try {
                replacement = replace(m.group(1).trim(), tables, charts, runs, md, warn);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("template line " + line + ": " + e.getMessage(), e);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String replace(String spec, Map<String, GroupTable> tables, Map<String, String> charts,
                                  List<BenchmarkRun> runs, Markdown md, PrintStream warn) {
        String[] parts = spec.split(":", -1);
        return switch (parts[0]) {
            case "summary" -> md.summary(List.copyOf(tables.values()));
            case "runs" -> md.runs(runs);
            case "group" -> {
                expectParts(spec, parts, 2, "{{group:ID}}");
                yield md.group(table(tables, parts[1]), Optional.ofNullable(charts.get(parts[1])));
            }
            case "value", "ratio", "anchor" -> {
                boolean value = parts[0].equals("value");
                expectParts(spec, parts, value ? 3 : 4, value ? "{{value:ID:ROW}}" : "{{" + parts[0] + ":ID:ROW:N}}");
                GroupTable table = table(tables, parts[1]);
                Optional<GroupTable.Row> row = table.row(parts[2]);
                if (row.isEmpty()) {
                    warn.println("BenchmarkReport: warning: {{" + spec + "}}: no run has row '" + parts[2]
                            + "' of group " + parts[1] + " (rows: " + table.rows().stream()
                            .map(GroupTable.Row::label).toList() + ")");
                    yield "(not measured)";
                }
                GroupTable.Row r = row.get();
                if (value) {
                    yield Format.withError(r.accel().value(), r.accel().error()) + " " + r.quantity().unit();
                }
                int n = anchorIndex(parts[3], table.group());
                Optional<Measured> x = parts[0].equals("ratio") ? r.ratios().get(n) : r.anchors().get(n);
                if (x.isEmpty()) {
                    warn.println("BenchmarkReport: warning: {{" + spec + "}}: row '" + parts[2] + "' has no value for "
                            + table.group().anchors().get(n).label());
                    yield "(not measured)";
                }
                yield parts[0].equals("ratio") ? Format.ratio(x.get())
                        : Format.withError(x.get().value(), x.get().error()) + " " + r.quantity().unit();
            }
            default -> throw new IllegalArgumentException("unknown placeholder {{" + spec
                    + "}} (expected summary, runs, group:ID, value:ID:ROW, ratio:ID:ROW:N, anchor:ID:ROW:N)");
        };
    }

    private static void expectParts(String spec, String[] parts, int n, String form) {
        if (parts.length != n) {
            throw new IllegalArgumentException("placeholder {{" + spec + "}} has " + parts.length
                    + " ':'-separated parts; expected the form " + form);
        }
    }

    private static GroupTable table(Map<String, GroupTable> tables, String id) {
        GroupTable t = tables.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no benchmark group '" + id + "'; the groups are " + tables.keySet());
        }
        return t;
    }

    private static int anchorIndex(String s, Group g) {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > g.anchors().size()) {
            throw new IllegalArgumentException("anchor '" + s + "' of group " + g.id() + ": expected a number from 1 to "
                    + g.anchors().size());
        }
        return n - 1;
    }
}
