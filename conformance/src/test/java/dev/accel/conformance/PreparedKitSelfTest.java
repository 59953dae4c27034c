package dev.accel.conformance;

import dev.accel.backend.Backends;
import dev.accel.backend.Device;
import dev.accel.backend.OpKind;
import dev.accel.tensor.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit's {@code matmul_prepared} cases and prepared-matrix checks catch what they are meant to catch (faults of {@link FaultyDevice}). */
class PreparedKitSelfTest {
    private static final KitOptions FAST = KitOptions.edgesOnly();
    private static Device cpu;

    @BeforeAll
    static void cpu() {
        cpu = Backends.device("cpu");
    }

    private static String notPassing(List<CaseResult> rows) {
        return rows.stream().filter(r -> r.status() != Status.PASS).toList().toString();
    }

    private static List<CaseResult> rows(List<CaseResult> all, String check, String caseStart) {
        List<CaseResult> r = all.stream().filter(x -> x.check().equals(check) && x.caseName().startsWith(caseStart)).toList();
        assertTrue(!r.isEmpty(), "no " + check + " row starting with '" + caseStart + "' in " + all.stream().map(CaseResult::caseName).toList());
        return r;
    }

    @Test
    void cpuPassesThePreparedCasesForEveryFloatDtypeAndIntegersAreUnsupported() {
        for (DType t : List.of(DType.F64, DType.F32, DType.F16, DType.BF16)) {
            List<CaseResult> rows = ConformanceKit.runPrepared(cpu, t, KitOptions.standard());
            assertTrue(rows.size() > 15, t + ": matmul's shapes plus the prepared-only cases: " + rows.size());
            assertTrue(rows.stream().allMatch(r -> r.check().equals("matmul_prepared")));
            assertTrue(rows.stream().allMatch(r -> r.status() == Status.PASS), () -> t + ": " + notPassing(rows));
            assertTrue(rows.stream().anyMatch(r -> r.caseName().startsWith("batch stride 0 (b cut to [k, n])")), rows.toString());
            assertTrue(rows.stream().anyMatch(r -> r.caseName().startsWith("prepare of a rank-3")), rows.toString());
        }
        List<CaseResult> i32 = ConformanceKit.runPrepared(cpu, DType.I32, FAST);
        assertEquals(1, i32.size());
        assertEquals(Status.UNSUPPORTED, i32.getFirst().status(), i32.getFirst().detail());
    }

    @Test
    void aWrongPreparedProductFailsWhileThePlainOnePasses() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.PREPARED_OFF_BY_1E3);
        List<CaseResult> prepared = ConformanceKit.runPrepared(d, DType.F32, FAST);
        CaseResult odd = rows(prepared, "matmul_prepared", "odd sizes").getFirst();
        assertEquals(Status.FAIL, odd.status());
        assertEquals(1e-3, odd.maxAbsError(), 1e-5);
        assertTrue(odd.detail().contains("expected"), odd.detail());
        List<CaseResult> plain = ConformanceKit.runOp(d, OpKind.MATMUL, DType.F32, FAST);
        assertTrue(plain.stream().allMatch(r -> r.status() == Status.PASS), () -> notPassing(plain));
    }

    @Test
    void onTheReferenceCpuThePreparedProductMustEqualThePlainOneToTheBit() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.PREPARED_ULP_OFF);
        CaseResult odd = rows(ConformanceKit.runPrepared(d, DType.F32, FAST), "matmul_prepared", "odd sizes").getFirst();
        assertEquals(Status.FAIL, odd.status());
        assertTrue(odd.detail().contains("to the bit"), odd.detail());
        // within the reference tolerance: only the bit-exact comparison with the plain product catches it
        assertTrue(odd.maxRelError() < 1e-5, odd.toString());
    }

    @Test
    void aForeignPreparedMatrixUsedSilentlyFailsPlacement() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.PREPARED_FOREIGN_AS_ZEROS);
        List<CaseResult> all = MemoryChecks.run(d, FAST);
        for (CaseResult r : rows(all, "placement", "matmul with a")) {
            if (r.caseName().contains("prepared on") || r.caseName().contains("own layout")) {
                assertEquals(Status.FAIL, r.status(), r.toString());
                assertTrue(r.detail().contains("INVALID_ARGUMENT"), r.detail());
            }
        }
        assertEquals(2, all.stream().filter(r -> r.check().equals("placement") && r.status() == Status.FAIL).count(), all.toString());
        List<CaseResult> cpuRows = MemoryChecks.run(cpu, FAST);
        assertEquals(2, rows(cpuRows, "placement", "matmul with a").stream()
                .filter(r -> r.status() == Status.PASS && (r.caseName().contains("prepared on") || r.caseName().contains("own layout"))).count());
    }

    @Test
    void aPreparedMatrixThatOutlivesItsScopeFailsTheUseAfterCloseCheck() {
        Device d = new FaultyDevice(cpu, FaultyDevice.Fault.PREPARED_OUTLIVES_SCOPE);
        CaseResult closed = rows(MemoryChecks.run(d, FAST), "memory.closed", "a prepared matrix").getFirst();
        assertEquals(Status.FAIL, closed.status());
        assertTrue(closed.detail().contains("returned normally"), closed.detail());
        // its products are right: only the lifetime is wrong
        List<CaseResult> prepared = ConformanceKit.runPrepared(d, DType.F32, FAST);
        assertTrue(prepared.stream().allMatch(r -> r.status() == Status.PASS), () -> notPassing(prepared));
        CaseResult onCpu = rows(MemoryChecks.run(cpu, FAST), "memory.closed", "a prepared matrix").getFirst();
        assertEquals(Status.PASS, onCpu.status(), onCpu.detail());
    }

    @Test
    void theDefaultAsIsFormPassesOnADeviceWithItsOwnMemory() {
        SimulatedGpu gpu = new SimulatedGpu(cpu);
        List<CaseResult> prepared = ConformanceKit.runPrepared(gpu, DType.F32, FAST);
        assertTrue(prepared.size() > 10);
        assertTrue(prepared.stream().allMatch(r -> r.status() == Status.PASS), () -> notPassing(prepared));
    }
}
