package dev.accel.conformance;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Device;
import dev.accel.backend.OpKind;
import dev.accel.tensor.DType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the conformance suite on a backend's devices: every {@link OpKind} for every {@link DType} (and matmul
 * with a prepared right operand, {@code matmul_prepared}), then the memory, stream, event, use-after-close and
 * placement checks.
 *
 * <pre>{@code
 * ConformanceReport report = ConformanceKit.run(Backends.get("cuda"), KitOptions.standard());
 * System.out.println(ReportTable.text(List.of(report)));
 * }</pre>
 */
public final class ConformanceKit {
    private ConformanceKit() {
    }

    /**
     * Runs the suite on every device of {@code backend}. An unavailable backend (or one with no devices)
     * gives a report with one {@link Status#SKIPPED} row carrying the reason. Never throws for what a
     * backend does wrong: that is a {@link Status#FAIL} row.
     */
    public static ConformanceReport run(Backend backend, KitOptions options) {
        Availability availability;
        List<Device> devices;
        try {
            availability = backend.availability();
            devices = availability.available() ? backend.devices() : List.of();
        } catch (RuntimeException e) {
            availability = Availability.unavailable("availability check threw " + e);
            devices = List.of();
        }
        List<CaseResult> rows = new ArrayList<>();
        List<ConformanceReport.DeviceInfo> infos = new ArrayList<>();
        if (!availability.available()) {
            rows.add(CaseResult.of("-", "backend", "-", "availability", Status.SKIPPED, availability.reason()));
        } else if (devices.isEmpty()) {
            rows.add(CaseResult.of("-", "backend", "-", "devices", Status.SKIPPED, "the backend is available but lists no devices"));
        }
        for (Device d : devices) {
            infos.add(ConformanceReport.DeviceInfo.of(d));
            rows.addAll(runDevice(d, options));
        }
        return new ConformanceReport(backend.name(), availability.available(), availability.reason(), infos, options, rows, Instant.now());
    }

    /** Runs the suite on one device; the report's backend is the device's. */
    public static ConformanceReport run(Device device, KitOptions options) {
        List<CaseResult> rows = runDevice(device, options);
        return new ConformanceReport(device.backend().name(), true, "", List.of(ConformanceReport.DeviceInfo.of(device)), options, rows, Instant.now());
    }

    private static List<CaseResult> runDevice(Device device, KitOptions options) {
        List<CaseResult> rows = new ArrayList<>();
        for (OpKind op : OpKind.values()) {
            for (DType dtype : DType.values()) {
                rows.addAll(runOp(device, op, dtype, options));
            }
            if (op == OpKind.MATMUL) {
                for (DType dtype : DType.values()) {
                    rows.addAll(runPrepared(device, dtype, options));
                }
            }
        }
        rows.addAll(MemoryChecks.run(device, options));
        return rows;
    }

    /** The rows for one op and dtype on one device. */
    static List<CaseResult> runOp(Device device, OpKind op, DType dtype, KitOptions options) {
        return runEntry(device, op, OpCatalog.name(op), dtype, options, h -> OpCatalog.call(op, dtype, h),
                shapes -> OpCatalog.cases(op, dtype, options, shapes));
    }

    /**
     * The rows of {@link OpCatalog#MATMUL_PREPARED} for one dtype: {@code matmul} with a matrix from
     * {@code Ops.prepare}, on matmul's shapes (drawn from the same seed), under matmul's support claim.
     */
    static List<CaseResult> runPrepared(Device device, DType dtype, KitOptions options) {
        return runEntry(device, OpKind.MATMUL, OpCatalog.MATMUL_PREPARED, dtype, options, h -> OpCatalog.callPrepared(dtype, h),
                shapes -> MatmulCases.preparedCases(dtype, options, shapes));
    }

    private static List<CaseResult> runEntry(Device device, OpKind op, String check, DType dtype, KitOptions options,
                                             Consumer<Harness> minimalCall,
                                             Function<SplittableRandom, List<OpCase>> cases) {
        String dev = device.name();
        String dt = dtype.shortName();
        boolean supported;
        try {
            supported = device.supports(op, dtype);
        } catch (RuntimeException e) {
            return List.of(CaseResult.of(dev, check, dt, "supports(" + op + ", " + dtype + ")", Status.FAIL, "supports threw " + e));
        }
        if (!supported) {
            try (Harness h = new Harness(device, seed(options, op, dtype, caseKey(check, op, "unsupported")))) {
                Comparison c = Expect.error(ErrorCode.UNSUPPORTED, () -> minimalCall.accept(h));
                return List.of(CaseResult.of(dev, check, dt, "calling it anyway", c.passed() ? Status.UNSUPPORTED : Status.FAIL,
                        c.passed() ? "supports(" + op + ", " + dtype + ") is false and the call threw UNSUPPORTED"
                                : "supports(" + op + ", " + dtype + ") is false, but: " + c.firstMismatch()));
            } catch (RuntimeException e) {
                return List.of(CaseResult.of(dev, check, dt, "calling it anyway", Status.FAIL, "setting up the call failed: " + e));
            }
        }
        Optional<String> undefined = OpCatalog.undefined(op, dtype);
        if (undefined.isPresent()) {
            return List.of(CaseResult.of(dev, check, dt, "all cases", Status.SKIPPED, undefined.get()));
        }
        List<CaseResult> rows = new ArrayList<>();
        for (OpCase c : cases.apply(new SplittableRandom(seed(options, op, dtype, "shapes")))) {
            rows.add(runCase(device, c, options));
        }
        return rows;
    }

    /** The seed key of a case: its name for an op's own row, prefixed with the row for a variant (other inputs, same shapes). */
    private static String caseKey(String check, OpKind op, String caseName) {
        return check.equals(OpCatalog.name(op)) ? caseName : check + ": " + caseName;
    }

    private static CaseResult runCase(Device device, OpCase c, KitOptions options) {
        String dev = device.name();
        String check = c.check();
        String dt = c.dtype().shortName();
        String repro = " [seed " + options.seed() + "]";
        try (Harness h = new Harness(device, seed(options, c.op(), c.dtype(), caseKey(check, c.op(), c.name())))) {
            Comparison r = c.body().run(h);
            return new CaseResult(dev, check, dt, c.name(), r.passed() ? Status.PASS : Status.FAIL, r.maxAbsError(), r.maxRelError(),
                    r.passed() ? "" : r.firstMismatch() + repro);
        } catch (CaseSkipped e) {
            return CaseResult.of(dev, check, dt, c.name(), Status.SKIPPED, e.getMessage());
        } catch (AccelException e) {
            String why = e.code() == ErrorCode.UNSUPPORTED
                    ? "supports(" + c.op() + ", " + c.dtype() + ") is true, but the call threw UNSUPPORTED: " + e.getMessage()
                    : "threw " + e;
            return new CaseResult(dev, check, dt, c.name(), Status.FAIL, Double.NaN, Double.NaN, why + repro);
        } catch (RuntimeException | AssertionError | LinkageError | StackOverflowError e) {
            StackTraceElement[] st = e.getStackTrace();
            return new CaseResult(dev, check, dt, c.name(), Status.FAIL, Double.NaN, Double.NaN,
                    "threw " + e + (st.length > 0 ? " at " + st[0] : "") + repro);
        }
    }

    /** The seed of one case: reproducible from the kit seed, the op, the dtype and the case name alone. */
    static long seed(KitOptions options, OpKind op, DType dtype, String caseName) {
        long h = options.seed();
        h = h * 0x9E3779B97F4A7C15L + op.ordinal();
        h = h * 0x9E3779B97F4A7C15L + dtype.ordinal();
        h = h * 0x9E3779B97F4A7C15L + caseName.hashCode();
        return h;
    }
}
