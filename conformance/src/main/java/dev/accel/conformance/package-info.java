/**
 * The hardware conformance kit: {@link dev.accel.conformance.ConformanceKit#run} runs every op of
 * {@link dev.accel.backend.Ops} for every dtype on one backend's devices, plus memory, stream, event and
 * placement checks, and returns a {@link dev.accel.conformance.ConformanceReport} that renders as a table
 * ({@link dev.accel.conformance.ReportTable}) or JSON ({@link dev.accel.conformance.ReportJson}).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Inputs are made on the host from a seeded RNG, copied to the device under test, and results
 *       are copied back; the expected values are computed in float64 on the host by the kit's own
 *       reference ({@code Reference}), from the very values the device received (already rounded to
 *       the operand dtype). The CPU backend is tested against the same reference.</li>
 *   <li>Per-dtype tolerances are fixed in {@link dev.accel.conformance.Tolerance}; integer and bool
 *       results, copies, gathers and concats must match exactly.</li>
 *   <li>Every case is reproducible: its RNG seed derives from {@link dev.accel.conformance.KitOptions#seed()},
 *       the op, the dtype and the case name, and a failure names all of them.</li>
 *   <li>An op/dtype the device says it does not support ({@code Device.supports}) is reported
 *       {@link dev.accel.conformance.Status#UNSUPPORTED} only if calling it anyway throws
 *       {@code AccelException(UNSUPPORTED)}; any other outcome is a failure. A case the Ops contract does
 *       not define for a claimed dtype is {@link dev.accel.conformance.Status#SKIPPED} with the reason.</li>
 *   <li>{@code matmul} with a matrix from {@code Ops.prepare} is an op entry of its own ({@code matmul_prepared}),
 *       under {@code supports(MATMUL, dtype)}: it is compared with the reference and with the same device's plain
 *       {@code matmul}, to the bit on the reference CPU backend ({@code CpuBackend}), within the tolerance elsewhere.</li>
 *   <li>Nothing passes silently: a backend that is unavailable gives one SKIPPED row with its reason.</li>
 *   <li>The kit is single-threaded and holds no global state; every native resource it creates is closed
 *       before {@code run} returns.</li>
 * </ul>
 */
package dev.accel.conformance;
