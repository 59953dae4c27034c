package dev.accel.conformance;

import java.util.Objects;

/**
 * One checked case: {@code device} x {@code check} x {@code dtype} x {@code caseName}.
 *
 * @param device      the device name, e.g. {@code cuda:0}
 * @param check       an op ({@code add}, {@code matmul}, ...) or a memory/placement check ({@code memory.copy}, ...)
 * @param dtype       the operand dtype's short name, or {@code "-"} for checks without one
 * @param caseName    what the case did: shapes, views, seed
 * @param status      the outcome
 * @param maxAbsError the largest absolute error seen (0 when not numeric, NaN when a NaN/Inf mismatched)
 * @param maxRelError the largest relative error seen
 * @param detail      for FAIL the first mismatch or the exception; for SKIPPED/UNSUPPORTED the reason; else empty
 */
public record CaseResult(String device, String check, String dtype, String caseName, Status status,
                         double maxAbsError, double maxRelError, String detail) {
    public CaseResult {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    static CaseResult of(String device, String check, String dtype, String caseName, Status status, String detail) {
        return new CaseResult(device, check, dtype, caseName, status, 0, 0, detail);
    }
}
