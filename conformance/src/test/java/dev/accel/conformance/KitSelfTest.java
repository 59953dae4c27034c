package dev.accel.conformance;

import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Backends;
import dev.accel.backend.Device;
import dev.accel.backend.OpKind;
import dev.accel.tensor.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit catches what it is meant to catch: each fault of {@link FaultyDevice} gives FAIL rows, and only where expected. */
class KitSelfTest {
    private static final KitOptions FAST = KitOptions.edgesOnly();
    private static Device cpu;

    @BeforeAll
    static void cpu() {
        cpu = Backends.device("cpu");
    }

    private static ConformanceReport.Cell cell(List<CaseResult> rows, String device, String check, String dtype) {
        ConformanceReport r = new ConformanceReport("test", true, "", List.of(), FAST, rows, java.time.Instant.now());
        return r.cells().stream().filter(c -> c.device().equals(device) && c.check().equals(check) && c.dtype().equals(dtype))
                .findFirst().orElseThrow(() -> new AssertionError("no cell " + check + " " + dtype));
    }

    private static List<CaseResult> op(Device d, OpKind op, DType t, KitOptions o) {
        return ConformanceKit.runOp(d, op, t, o);
    }

    @Test
    void cpuPassesItsOwnOpsAndReportsIntegerArithmeticUnsupported() {
        List<CaseResult> rows = op(cpu, OpKind.MATMUL, DType.F32, FAST);
        assertTrue(rows.size() > 10, "matmul has its edge cases: " + rows.size());
        assertTrue(rows.stream().allMatch(r -> r.status() == Status.PASS), () -> rows.stream().filter(r -> r.status() != Status.PASS).toList().toString());
        List<CaseResult> i32 = op(cpu, OpKind.MATMUL, DType.I32, FAST);
        assertEquals(1, i32.size());
        assertEquals(Status.UNSUPPORTED, i32.getFirst().status(), i32.getFirst().detail());
    }

    @Test
    void wrongNumbersFailWithTheirError() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.ADD_OFF_BY_1E3);
        ConformanceReport.Cell add = cell(op(d, OpKind.ADD, DType.F32, FAST), d.name(), "add", "f32");
        assertEquals(Status.FAIL, add.status(), add.detail());
        assertEquals(1e-3, add.maxAbsError(), 1e-5);
        assertTrue(add.detail().contains("expected"), add.detail());
        for (CaseResult r : op(d, OpKind.ADD, DType.F64, FAST)) {
            // only the case whose output is f32 (f64 + f32 into f32) sees the fault
            assertEquals(r.caseName().startsWith("mixed") ? Status.FAIL : Status.PASS, r.status(), r.caseName());
        }
        assertEquals(Status.PASS, cell(op(d, OpKind.SUB, DType.F32, FAST), d.name(), "sub", "f32").status());
    }

    @Test
    void ignoredStridesFailOnlyTheViewCases() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.UNARY_IGNORES_STRIDES);
        List<CaseResult> rows = op(d, OpKind.TANH, DType.F32, FAST);
        assertTrue(rows.stream().anyMatch(r -> r.caseName().startsWith("transposed") && r.status() == Status.FAIL));
        assertTrue(rows.stream().anyMatch(r -> r.caseName().startsWith("offset") && r.status() == Status.FAIL));
        assertTrue(rows.stream().anyMatch(r -> r.caseName().startsWith("rank 1") && r.status() == Status.PASS));
    }

    @Test
    void aSupportsLieIsAFailure() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.EXP_SUPPORT_LIE);
        List<CaseResult> rows = op(d, OpKind.EXP, DType.F32, FAST);
        assertEquals(1, rows.size());
        assertEquals(Status.FAIL, rows.getFirst().status());
        assertTrue(rows.getFirst().detail().contains("returned normally"), rows.getFirst().detail());
    }

    @Test
    void unsupportedThrownForAClaimedDtypeIsAFailure() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.SOFTMAX_F16_THROWS);
        ConformanceReport.Cell c = cell(op(d, OpKind.SOFTMAX, DType.F16, FAST), d.name(), "softmax", "f16");
        assertEquals(Status.FAIL, c.status());
        assertTrue(c.detail().contains("supports(SOFTMAX, f16) is true"), c.detail());
    }

    @Test
    void largeSizesCatchAnOffByOneThatSmallCasesMiss() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.SUM_DROPS_LAST);
        assertEquals(Status.PASS, cell(op(d, OpKind.SUM, DType.F32, FAST), d.name(), "sum", "f32").status());
        KitOptions large = new KitOptions(KitOptions.DEFAULT_SEED, 0, true);
        assertEquals(Status.FAIL, cell(op(d, OpKind.SUM, DType.F32, large), d.name(), "sum", "f32").status());
    }

    @Test
    void aSilentFallbackFailsPlacement() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.SILENT_FALLBACK);
        List<CaseResult> rows = MemoryChecks.run(d, FAST);
        List<CaseResult> placement = rows.stream().filter(r -> r.check().equals("placement")).toList();
        assertTrue(placement.stream().anyMatch(r -> r.caseName().startsWith("add ") && r.status() == Status.FAIL), placement.toString());
        assertTrue(placement.stream().anyMatch(r -> r.caseName().startsWith("matmul ") && r.status() == Status.PASS), placement.toString());
    }

    @Test
    void capabilitiesMustMatchTheMemoryKinds() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.CAPS_CLAIM_PINNED);
        CaseResult caps = MemoryChecks.run(d, FAST).stream().filter(r -> r.check().equals("caps")).findFirst().orElseThrow();
        assertEquals(Status.FAIL, caps.status());
        assertTrue(caps.detail().contains("caps.pinnedHost is true"), caps.detail());
    }

    @Test
    void mixedDtypesAreChecked() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.MATMUL_REFUSES_MIXED);
        List<CaseResult> rows = op(d, OpKind.MATMUL, DType.F16, FAST);
        CaseResult mixed = rows.stream().filter(r -> r.caseName().startsWith("mixed")).findFirst().orElseThrow();
        assertEquals(Status.FAIL, mixed.status());
        assertTrue(mixed.detail().contains("threw UNSUPPORTED"), mixed.detail());
        assertTrue(op(d, OpKind.MATMUL, DType.F32, FAST).stream().allMatch(r -> r.status() == Status.PASS), "f32 alone has no mixed case");
    }

    @Test
    void cpuPassesTheMemoryChecks() {
        List<CaseResult> rows = MemoryChecks.run(cpu, FAST);
        assertTrue(rows.stream().anyMatch(r -> r.check().equals("memory.copy") && r.caseName().startsWith("mapped_file -> host")));
        assertTrue(rows.stream().anyMatch(r -> r.check().equals("memory.events")));
        assertTrue(rows.stream().allMatch(r -> r.status() == Status.PASS), () -> rows.stream().filter(r -> r.status() != Status.PASS).toList().toString());
    }

    @Test
    void aDeviceWithItsOwnMemoryPassesThroughTheDevicePaths() {
        SimulatedGpu gpu = new SimulatedGpu(cpu);
        ConformanceReport r = ConformanceKit.run((Backend) gpu, KitOptions.edgesOnly());
        assertFalse(r.hasFailures(), () -> r.failures().toString());
        List<String> copies = r.rows().stream().filter(x -> x.check().equals("memory.copy")).map(CaseResult::caseName).toList();
        assertTrue(copies.contains("device -> pinned_host, f32[1031]"), copies.toString());
        assertTrue(copies.contains("host -> device, strided source (step 2)"), copies.toString());
        assertFalse(copies.stream().anyMatch(c -> c.startsWith("host -> host")), "no host-to-host pair on a device with its own memory");
        assertTrue(r.rows().stream().anyMatch(x -> x.check().equals("memory.events") && x.caseName().contains("pinned host")
                && x.status() == Status.PASS));
        assertTrue(r.count(Status.PASS) > 1000, "ops ran: " + r.count(Status.PASS));
    }

    @Test
    void anUnavailableBackendIsOneSkippedRowWithItsReason() {
        Backend absent = new Backend() {
            @Override
            public String name() {
                return "absent";
            }

            @Override
            public Availability availability() {
                return Availability.unavailable("libabsent.so not found (tried: /nowhere)");
            }

            @Override
            public List<Device> devices() {
                return List.of();
            }

            @Override
            public int score() {
                return 0;
            }
        };
        ConformanceReport r = ConformanceKit.run(absent, KitOptions.standard());
        assertEquals(1, r.rows().size());
        assertEquals(Status.SKIPPED, r.rows().getFirst().status());
        assertTrue(r.rows().getFirst().detail().contains("libabsent.so"));
        assertFalse(r.hasFailures());
        assertTrue(ReportTable.text(List.of(r)).contains("SKIPPED - backend: libabsent.so not found"), ReportTable.text(List.of(r)));
    }

    @Test
    void theSameSeedGivesTheSameCases() {
        List<String> a = op(cpu, OpKind.ADD, DType.F16, KitOptions.standard()).stream().map(CaseResult::caseName).toList();
        List<String> b = op(cpu, OpKind.ADD, DType.F16, KitOptions.standard()).stream().map(CaseResult::caseName).toList();
        List<String> c = op(cpu, OpKind.ADD, DType.F16, KitOptions.standard().withSeed(7)).stream().map(CaseResult::caseName).toList();
        assertEquals(a, b);
        assertFalse(a.equals(c), "another seed draws other random shapes");
    }
}
