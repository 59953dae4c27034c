package dev.accel.conformance;

import dev.accel.json.Json;
import dev.accel.json.JsonObjects;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes reports as JSON ({@link Json#write}): the environment (JDK, OS, date), and per backend its availability,
 * devices, options, summary cells and every case. Errors are numbers to six significant digits, or null for NaN
 * and infinities (JSON has neither).
 */
public final class ReportJson {
    private ReportJson() {
    }

    /** One JSON document for {@code reports}. */
    public static String write(List<ConformanceReport> reports) {
        Map<String, Object> doc = JsonObjects.of(
                "kit", "accel-conformance",
                "jdk", Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ")",
                "os", System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " " + System.getProperty("os.arch", "?"),
                "failed", reports.stream().anyMatch(ConformanceReport::hasFailures),
                "reports", reports.stream().map(ReportJson::report).toList());
        return Json.write(doc) + "\n";
    }

    private static Map<String, Object> report(ConformanceReport r) {
        List<Object> devices = r.devices().stream().<Object>map(d -> JsonObjects.of("name", d.name(), "kind", d.kind(),
                "description", d.description())).toList();
        List<Object> cells = r.cells().stream().<Object>map(c -> JsonObjects.of("device", c.device(), "check", c.check(),
                "dtype", c.dtype(), "status", c.status().label(), "passed", (long) c.passed(), "total", (long) c.total(),
                "maxAbsError", num(c.maxAbsError()), "maxRelError", num(c.maxRelError()), "detail", c.detail())).toList();
        List<Object> rows = r.rows().stream().<Object>map(c -> JsonObjects.of("device", c.device(), "check", c.check(),
                "dtype", c.dtype(), "case", c.caseName(), "status", c.status().label(), "maxAbsError", num(c.maxAbsError()),
                "maxRelError", num(c.maxRelError()), "detail", c.detail())).toList();
        KitOptions o = r.options();
        return JsonObjects.of("backend", r.backend(), "available", r.available(), "availability", r.availability(),
                "date", r.date().toString(), "devices", devices,
                "options", JsonObjects.of("seed", o.seed(), "randomCases", (long) o.randomCases(), "largeSizes", o.largeSizes()),
                "summary", JsonObjects.of("pass", r.count(Status.PASS), "fail", r.count(Status.FAIL),
                        "unsupported", r.count(Status.UNSUPPORTED), "skipped", r.count(Status.SKIPPED)),
                "cells", cells, "cases", rows);
    }

    /** A JSON number to six significant digits, or null for NaN and infinities. */
    static Object num(double v) {
        return Double.isFinite(v) ? Double.parseDouble(String.format(Locale.ROOT, "%.6g", v)) : Json.NULL;
    }
}
