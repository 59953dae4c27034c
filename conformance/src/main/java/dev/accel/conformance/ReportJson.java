package dev.accel.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes reports as JSON (by hand: no JSON library): the environment (JDK, OS, date), and per backend its
 * availability, devices, options, summary cells and every case.
 */
public final class ReportJson {
    private ReportJson() {
    }

    /** One JSON document for {@code reports}. */
    public static String write(List<ConformanceReport> reports) {
        List<String> rs = new ArrayList<>();
        for (ConformanceReport r : reports) {
            rs.add(report(r));
        }
        return obj("kit", str("accel-conformance"),
                "jdk", str(Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ")"),
                "os", str(System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " " + System.getProperty("os.arch", "?")),
                "failed", Boolean.toString(reports.stream().anyMatch(ConformanceReport::hasFailures)),
                "reports", arr(rs)) + "\n";
    }

    private static String report(ConformanceReport r) {
        List<String> devices = r.devices().stream().map(d -> obj("name", str(d.name()), "kind", str(d.kind()), "description", str(d.description()))).toList();
        List<String> cells = r.cells().stream().map(c -> obj("device", str(c.device()), "check", str(c.check()), "dtype", str(c.dtype()),
                "status", str(c.status().label()), "passed", Integer.toString(c.passed()), "total", Integer.toString(c.total()),
                "maxAbsError", num(c.maxAbsError()), "maxRelError", num(c.maxRelError()), "detail", str(c.detail()))).toList();
        List<String> rows = r.rows().stream().map(c -> obj("device", str(c.device()), "check", str(c.check()), "dtype", str(c.dtype()),
                "case", str(c.caseName()), "status", str(c.status().label()), "maxAbsError", num(c.maxAbsError()),
                "maxRelError", num(c.maxRelError()), "detail", str(c.detail()))).toList();
        KitOptions o = r.options();
        return obj("backend", str(r.backend()), "available", Boolean.toString(r.available()), "availability", str(r.availability()),
                "date", str(r.date().toString()), "devices", arr(devices),
                "options", obj("seed", Long.toString(o.seed()), "randomCases", Integer.toString(o.randomCases()), "largeSizes", Boolean.toString(o.largeSizes())),
                "summary", obj("pass", Long.toString(r.count(Status.PASS)), "fail", Long.toString(r.count(Status.FAIL)),
                        "unsupported", Long.toString(r.count(Status.UNSUPPORTED)), "skipped", Long.toString(r.count(Status.SKIPPED))),
                "cells", arr(cells), "cases", arr(rows));
    }

    /** A JSON number, or null for NaN and infinities (JSON has neither). */
    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** {@code kv}: key, rendered value, key, rendered value, ... */
    static String obj(String... kv) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(str(kv[i])).append(": ").append(kv[i + 1]);
        }
        return b.append('}').toString();
    }

    static String arr(List<String> rendered) {
        return "[" + String.join(", ", rendered) + "]";
    }
}
