package dev.accel.conformance;

import dev.accel.backend.Device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the kit found for one backend: every case, and the same results summarised per device x check x
 * dtype ({@link #cells()}).
 *
 * @param backend      the backend's name
 * @param available    whether the backend could run here
 * @param availability the backend's availability detail or, when unavailable, the reason
 * @param devices      the devices that were tested (empty when unavailable)
 * @param options      the options of the run (its seed reproduces every input)
 * @param rows         every case, in the order run
 * @param date         when the run finished
 */
public record ConformanceReport(String backend, boolean available, String availability, List<DeviceInfo> devices,
                                KitOptions options, List<CaseResult> rows, Instant date) {
    public ConformanceReport {
        Objects.requireNonNull(backend, "backend");
        devices = List.copyOf(devices);
        rows = List.copyOf(rows);
    }

    /**
     * A tested device, as described by its backend.
     *
     * @param name        e.g. {@code cuda:0}
     * @param kind        CPU, GPU, ...
     * @param description the hardware (model, driver, cores)
     */
    public record DeviceInfo(String name, String kind, String description) {
        static DeviceInfo of(Device d) {
            String description;
            try {
                description = d.description();
            } catch (RuntimeException e) {
                description = "(description threw " + e + ")";
            }
            return new DeviceInfo(d.name(), d.kind().name(), description);
        }
    }

    /**
     * The cases of one device x check x dtype together.
     *
     * @param status      FAIL if any case failed, else PASS if any passed, else the rows' status (UNSUPPORTED or SKIPPED)
     * @param passed      cases that passed
     * @param total       cases run (or 1 for an unsupported/skipped cell)
     * @param maxAbsError the largest absolute error over the cell's cases
     * @param maxRelError the largest relative error over the cell's cases
     * @param detail      the first failure (with its case), or the skip/unsupported reason
     */
    public record Cell(String device, String check, String dtype, Status status, int passed, int total,
                       double maxAbsError, double maxRelError, String detail) {
    }

    /** True when any case failed. */
    public boolean hasFailures() {
        return rows.stream().anyMatch(r -> r.status() == Status.FAIL);
    }

    /** The failed cases. */
    public List<CaseResult> failures() {
        return rows.stream().filter(r -> r.status() == Status.FAIL).toList();
    }

    /** Number of cases with {@code status}. */
    public long count(Status status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /** The rows grouped by device, check and dtype, in the order first seen. */
    public List<Cell> cells() {
        Map<String, List<CaseResult>> groups = new LinkedHashMap<>();
        for (CaseResult r : rows) {
            groups.computeIfAbsent(r.device() + "\u0000" + r.check() + "\u0000" + r.dtype(), k -> new ArrayList<>()).add(r);
        }
        List<Cell> cells = new ArrayList<>();
        for (List<CaseResult> g : groups.values()) {
            CaseResult first = g.getFirst();
            int passed = 0;
            double abs = 0;
            double rel = 0;
            CaseResult firstFail = null;
            for (CaseResult r : g) {
                if (r.status() == Status.PASS) {
                    passed++;
                }
                if (r.status() == Status.FAIL && firstFail == null) {
                    firstFail = r;
                }
                abs = nanMax(abs, r.maxAbsError());
                rel = nanMax(rel, r.maxRelError());
            }
            Status status;
            String detail;
            if (firstFail != null) {
                status = Status.FAIL;
                detail = firstFail.caseName() + ": " + firstFail.detail();
            } else if (passed > 0) {
                status = Status.PASS;
                detail = "";
            } else {
                status = first.status();
                detail = first.detail();
            }
            cells.add(new Cell(first.device(), first.check(), first.dtype(), status, passed, g.size(), abs, rel, detail));
        }
        return cells;
    }

    private static double nanMax(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }
}
