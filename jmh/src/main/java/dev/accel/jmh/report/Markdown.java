package dev.accel.jmh.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's Markdown blocks, built from {@link GroupTable}s and {@link BenchmarkRun}s. Links are relative
 * to the report file: {@code jsonDir} is the results folder as seen from it (e.g. {@code benchmarks}).
 */
final class Markdown {
    private static final Pattern JDK = Pattern.compile("version \"([^\"]+)\"(?:.*?(Temurin|Zulu|Corretto|GraalVM|OpenJDK Runtime Environment))?");

    private final String jsonDir;

    Markdown(String jsonDir) {
        this.jsonDir = jsonDir;
    }

    /** The group's table, the runs it comes from, what was not run, and its chart (if {@code chart} given). */
    String group(GroupTable table, Optional<String> chartLink) {
        Group g = table.group();
        StringBuilder sb = new StringBuilder();
        if (table.rows().isEmpty()) {
            sb.append("**No result:** ").append(g.notRun().isEmpty()
                    ? "no run in the results folder has " + g.title() + " results yet" : g.notRun()).append('.');
            if (!g.expectedRows().isEmpty()) {
                sb.append(" Rows a run would show: ").append(String.join("; ", g.expectedRows())).append('.');
            }
            return sb.append('\n').toString();
        }
        List<BenchmarkRun> runs = table.runs();
        sb.append(runs.size() == 1 ? "Run: " : "Runs: ");
        List<String> described = new ArrayList<>();
        for (BenchmarkRun run : runs) {
            described.add(link(run) + " (" + run.date() + "; " + settings(table, run) + load(run) + ")");
        }
        sb.append(String.join("; ", described)).append(".\n\n");

        boolean runColumn = runs.size() > 1;
        List<Integer> anchors = new ArrayList<>();
        for (int i = 0; i < g.anchors().size(); i++) {
            if (table.anchorMeasured(i)) {
                anchors.add(i);
            }
        }
        sb.append("| case | ").append(escape(g.accelLabel()));
        for (int a : anchors) {
            String label = escape(g.anchors().get(a).label());
            sb.append(" | ").append(label).append(" | Accel vs ").append(label);
        }
        sb.append(runColumn ? " | run |\n" : " |\n");
        sb.append("| --- ".repeat(2 + 2 * anchors.size() + (runColumn ? 1 : 0))).append("|\n");
        for (GroupTable.Row row : table.rows()) {
            String unit = " " + row.quantity().unit();
            sb.append("| ").append(escape(row.label())).append(" | ")
                    .append(Format.withError(row.accel().value(), row.accel().error())).append(unit);
            for (int a : anchors) {
                sb.append(" | ").append(row.anchors().get(a)
                        .map(m -> Format.withError(m.value(), m.error()) + unit).orElse("—"));
                sb.append(" | ").append(row.ratios().get(a).map(r -> "**" + Format.ratio(r) + "**").orElse("—"));
            }
            if (runColumn) {
                sb.append(" | ").append(link(row.run()));
            }
            sb.append(" |\n");
        }
        for (int i = 0; i < g.anchors().size(); i++) {
            Group.Anchor anchor = g.anchors().get(i);
            if (!table.anchorMeasured(i)) {
                sb.append("\n*").append(escape(anchor.label())).append(":* no result");
                sb.append(anchor.notRun().isEmpty() ? " in the runs above" : ": " + anchor.notRun());
                sb.append(".\n");
            }
        }
        chartLink.ifPresent(link -> sb.append("\n![").append(escape(g.title())).append(" chart](").append(link)
                .append(")\n"));
        return sb.toString();
    }

    /** One line per group: how many rows, and the range of Accel's ratio to each measured anchor. */
    String summary(List<GroupTable> tables) {
        StringBuilder sb = new StringBuilder("| benchmark | rows | Accel vs its anchors (speed ratio, > 1: Accel does better) |\n"
                + "| --- | --- | --- |\n");
        for (GroupTable t : tables) {
            sb.append("| ").append(escape(t.group().title())).append(" | ").append(t.rows().size()).append(" | ");
            if (t.rows().isEmpty()) {
                sb.append("no result yet (see its section)").append(" |\n");
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (int a = 0; a < t.group().anchors().size(); a++) {
                int index = a;
                double[] ratios = t.rows().stream().flatMap(r -> r.ratios().get(index).stream())
                        .mapToDouble(Measured::value).sorted().toArray();
                if (ratios.length == 0) {
                    parts.add("vs " + escape(t.group().anchors().get(a).label()) + ": no result");
                } else {
                    String range = ratios.length == 1 || Format.significant(ratios[0], 2)
                            .equals(Format.significant(ratios[ratios.length - 1], 2))
                            ? Format.significant(ratios[0], 2) + "×"
                            : Format.significant(ratios[0], 2) + "× … " + Format.significant(ratios[ratios.length - 1], 2) + "×";
                    parts.add("vs " + escape(t.group().anchors().get(a).label()) + ": " + range);
                }
            }
            sb.append(parts.isEmpty() ? "no anchor (absolute numbers)" : String.join("; ", parts)).append(" |\n");
        }
        return sb.toString();
    }

    /** A table of every run: when, where, how. */
    String runs(List<BenchmarkRun> runs) {
        StringBuilder sb = new StringBuilder("| run | date | CPU, cores | JDK | OS | GPU | load (1 min) start → end | command |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (BenchmarkRun run : runs.stream().sorted(java.util.Comparator.comparing(BenchmarkRun::date)
                .thenComparing(BenchmarkRun::name)).toList()) {
            sb.append("| ").append(link(run)).append(" | ").append(run.date())
                    .append(" | ").append(or(run.field("cpu"))).append(", ").append(or(run.field("cores")))
                    .append(" | ").append(jdk(run.field("jdk")))
                    .append(" | ").append(or(firstLine(run.field("os"))))
                    .append(" | ").append(run.field("gpu").isEmpty() ? "none recorded" : escape(firstLine(run.field("gpu"))))
                    .append(" | ").append(loadRange(run))
                    .append(" | ").append(run.field("command").isEmpty() ? "—"
                            : "`" + firstLine(run.field("command")).replace("`", "'").replace("|", "\\|") + "`")
                    .append(" |\n");
        }
        return sb.toString();
    }

    private String link(BenchmarkRun run) {
        return "[" + run.name() + "](" + jsonDir + "/" + run.name() + ".json)";
    }

    /** JMH's settings of the group's results in this run, e.g. "2 forks, 3 × 2 s warm-up, 5 × 2 s". */
    private static String settings(GroupTable table, BenchmarkRun run) {
        return run.results().stream().filter(table.group().isAccel()).findFirst().map(r -> {
            String warm = r.warmupTime().isEmpty() ? r.warmupIterations() + " warm-up"
                    : r.warmupIterations() + " × " + r.warmupTime() + " warm-up";
            String measure = r.measurementTime().isEmpty() ? r.measurementIterations() + " measured"
                    : r.measurementIterations() + " × " + r.measurementTime() + " measured";
            return r.forks() + (r.forks() == 1 ? " fork" : " forks") + ", " + warm + ", " + measure;
        }).orElse("");
    }

    private static String load(BenchmarkRun run) {
        String range = loadRange(run);
        return range.equals("—") ? "" : "; load " + range;
    }

    private static String loadRange(BenchmarkRun run) {
        String start = firstWord(run.field("load at start"));
        String end = firstWord(run.field("load at end"));
        return start.isEmpty() || end.isEmpty() ? "—" : start + " → " + end;
    }

    static String jdk(String field) {
        Matcher m = JDK.matcher(field);
        return m.find() ? m.group(1) : or(firstLine(field));
    }

    private static String firstWord(String s) {
        return s.isBlank() ? "" : s.trim().split("\\s+")[0];
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String or(String s) {
        return s.isBlank() ? "—" : escape(s);
    }

    /** Escapes the characters that would break a table cell. */
    static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
