package dev.accel.conformance;

import dev.accel.tensor.DType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders reports as a table backend x op x dtype (plain text for terminals, or Markdown for the docs):
 * each cell is {@code pass N} (N cases), {@code FAIL e} (largest absolute error), {@code unsup} or
 * {@code skip}; then the memory and placement checks, every failure with its case, and every skip reason.
 */
public final class ReportTable {
    private ReportTable() {
    }

    /** The text table of {@code reports}. */
    public static String text(List<ConformanceReport> reports) {
        return render(reports, false);
    }

    /** The same content as GitHub-flavoured Markdown. */
    public static String markdown(List<ConformanceReport> reports) {
        return render(reports, true);
    }

    private static String render(List<ConformanceReport> reports, boolean md) {
        StringBuilder b = new StringBuilder();
        for (ConformanceReport r : reports) {
            section(b, r, md);
        }
        long pass = 0;
        long fail = 0;
        long unsup = 0;
        long skip = 0;
        for (ConformanceReport r : reports) {
            pass += r.count(Status.PASS);
            fail += r.count(Status.FAIL);
            unsup += r.count(Status.UNSUPPORTED);
            skip += r.count(Status.SKIPPED);
        }
        b.append(md ? "**Total:** " : "total: ").append(String.format(Locale.ROOT, "%d cases passed, %d failed, %d unsupported, %d skipped",
                pass, fail, unsup, skip)).append(md ? "\n" : "\n");
        return b.toString();
    }

    private static void section(StringBuilder b, ConformanceReport r, boolean md) {
        if (md) {
            b.append("### Backend `").append(r.backend()).append("`\n\n");
        } else {
            b.append("backend ").append(r.backend()).append('\n');
        }
        line(b, md, (r.available() ? "available" : "unavailable") + (r.availability().isBlank() ? "" : ": " + r.availability()));
        for (ConformanceReport.DeviceInfo d : r.devices()) {
            line(b, md, "device " + d.name() + " (" + d.kind() + "): " + d.description());
        }
        KitOptions o = r.options();
        line(b, md, "seed " + o.seed() + ", " + o.randomCases() + " random cases per op and dtype, large sizes " + (o.largeSizes() ? "on" : "off")
                + "; " + r.date());
        line(b, md, "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + "), " + System.getProperty("os.name", "?") + " "
                + System.getProperty("os.version", "?") + " " + System.getProperty("os.arch", "?"));
        b.append('\n');
        List<ConformanceReport.Cell> cells = r.cells();
        Set<String> devices = new LinkedHashSet<>();
        cells.forEach(c -> devices.add(c.device()));
        List<String> dtypes = new ArrayList<>();
        for (DType t : DType.values()) {
            dtypes.add(t.shortName());
        }
        for (String dev : devices) {
            Map<String, Map<String, ConformanceReport.Cell>> grid = new LinkedHashMap<>();
            List<ConformanceReport.Cell> other = new ArrayList<>();
            for (ConformanceReport.Cell c : cells) {
                if (!c.device().equals(dev)) {
                    continue;
                }
                if (OpCatalog.isOp(c.check())) {
                    grid.computeIfAbsent(c.check(), k -> new LinkedHashMap<>()).put(c.dtype(), c);
                } else {
                    other.add(c);
                }
            }
            if (!grid.isEmpty()) {
                int width = Math.max(11, Math.max(dev.length(), grid.keySet().stream().mapToInt(String::length).max().orElse(0)));
                String first = "%-" + width + "s";
                if (md) {
                    b.append("| ").append(dev).append(" |");
                    dtypes.forEach(t -> b.append(' ').append(t).append(" |"));
                    b.append("\n|---|");
                    dtypes.forEach(t -> b.append("---|"));
                    b.append('\n');
                } else {
                    b.append(String.format(Locale.ROOT, first, dev));
                    dtypes.forEach(t -> b.append(String.format(Locale.ROOT, " %-11s", t)));
                    b.append('\n');
                }
                for (var row : grid.entrySet()) {
                    b.append(md ? "| " + row.getKey() + " |" : String.format(Locale.ROOT, first, row.getKey()));
                    for (String t : dtypes) {
                        ConformanceReport.Cell c = row.getValue().get(t);
                        String s = c == null ? "-" : cellText(c);
                        b.append(md ? " " + s + " |" : String.format(Locale.ROOT, " %-11s", s));
                    }
                    b.append('\n');
                }
                b.append('\n');
            }
            if (!other.isEmpty()) {
                if (md) {
                    b.append("| check | dtype | status | case |\n|---|---|---|---|\n");
                }
                for (ConformanceReport.Cell c : other) {
                    if (md) {
                        b.append("| ").append(c.check()).append(" | ").append(c.dtype()).append(" | ").append(cellText(c)).append(" | ")
                                .append(escape(caseOf(r, c))).append(" |\n");
                    } else {
                        b.append(String.format(Locale.ROOT, "%-14s %-5s %-9s %s%n", c.check(), c.dtype(), cellText(c), caseOf(r, c)));
                    }
                }
                b.append('\n');
            }
        }
        List<ConformanceReport.Cell> notes = cells.stream().filter(c -> c.status() == Status.FAIL || c.status() == Status.SKIPPED).toList();
        if (!notes.isEmpty()) {
            b.append(md ? "Failures and skips:\n\n" : "failures and skips:\n");
            for (ConformanceReport.Cell c : notes) {
                String what = c.device() + " " + c.check() + (c.dtype().equals("-") ? "" : " " + c.dtype());
                b.append(md ? "- **" + c.status().label() + "** `" + what + "`: " + escape(c.detail()) + "\n"
                        : "  " + c.status().label().toUpperCase(Locale.ROOT) + " " + what + ": " + c.detail() + "\n");
            }
            b.append('\n');
        }
    }

    private static void line(StringBuilder b, boolean md, String s) {
        b.append(md ? escape(s) + "  \n" : s + "\n");
    }

    /** For a memory/placement cell with a single case, its case name; for several, their count. */
    private static String caseOf(ConformanceReport r, ConformanceReport.Cell c) {
        List<CaseResult> rs = r.rows().stream().filter(x -> x.device().equals(c.device()) && x.check().equals(c.check()) && x.dtype().equals(c.dtype()))
                .toList();
        if (rs.size() == 1) {
            return rs.getFirst().caseName();
        }
        if (rs.size() <= 4) {
            return rs.size() + " cases: " + String.join("; ", rs.stream().map(CaseResult::caseName).toList());
        }
        return rs.size() + " cases: " + rs.getFirst().caseName() + "; " + rs.get(1).caseName() + "; ... " + rs.getLast().caseName();
    }

    static String cellText(ConformanceReport.Cell c) {
        return switch (c.status()) {
            case PASS -> "pass " + c.passed();
            case FAIL -> Double.isNaN(c.maxAbsError()) || c.maxAbsError() == 0 ? "FAIL" : String.format(Locale.ROOT, "FAIL %.1e", c.maxAbsError());
            case UNSUPPORTED -> "unsup";
            case SKIPPED -> "skip";
        };
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
