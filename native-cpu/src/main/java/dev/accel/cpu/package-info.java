/**
 * The CPU reference backend ({@code cpu}, one device {@code cpu:0}): the implementation every other
 * backend is compared with by the conformance kit.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Every operand must be host-accessible memory (host, pinned host, mapped file); a tensor in
 *       {@link dev.accel.memory.MemoryKind#DEVICE} memory is rejected with
 *       {@link dev.accel.ErrorCode#INVALID_ARGUMENT}, never copied behind the caller's back.</li>
 *   <li>Streams and events complete every operation before the call returns; after {@code close()}
 *       they throw {@link IllegalStateException}; closing is idempotent.</li>
 *   <li>Floating-point ops compute f32, f16 and bf16 in f32 (f16/bf16 are widened), and f64 in f64.
 *       Matmul of f32/f16/bf16 runs on the f32 GEMM; a matmul with an f64 operand or output runs in f64.</li>
 *   <li>Large ops are split over the machine's cores with a small shared pool of daemon threads; an op
 *       whose memory lives in a confined scope runs on the calling thread only (the JDK forbids other
 *       threads from touching it). All ops may be called concurrently from several threads. An idle pool
 *       thread polls for work for 200 us before it blocks (system property {@code accel.cpu.spinMicros},
 *       0 to block at once), so that the parallel ops of one inference, microseconds apart, start on
 *       every core at once.</li>
 * </ul>
 */
package dev.accel.cpu;
