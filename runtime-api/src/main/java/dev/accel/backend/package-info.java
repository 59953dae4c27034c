/**
 * The backend SPI: {@link dev.accel.backend.Backend} (one native runtime, found by
 * {@link java.util.ServiceLoader}), {@link dev.accel.backend.Device} (one piece of hardware, its
 * capabilities as data), {@link dev.accel.backend.Stream} and {@link dev.accel.backend.Event} (ordered
 * asynchronous work), and {@link dev.accel.backend.Ops} (the op set, the same on every backend).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Loading a backend never throws and never crashes: a missing vendor library makes the backend
 *       unavailable, with the reason naming what was tried ({@link dev.accel.backend.Availability}).</li>
 *   <li>No silent fallback: an op given a tensor in memory its device cannot address fails with a clear
 *       error; choosing another device is the caller's decision.</li>
 *   <li>Every native owner ({@code Stream}, {@code Event}, scopes) is {@link AutoCloseable}; {@code close()}
 *       is idempotent; use after close throws {@link IllegalStateException}.</li>
 *   <li>{@code Ops} results are compared by the conformance kit with the CPU backend, which is the reference.</li>
 *   <li>A {@link dev.accel.backend.PreparedMatrix} (a constant product operand laid out once by
 *       {@link dev.accel.backend.Ops#prepare}) never changes a result, only its cost; when preparing copies, the copy
 *       is reported ({@code preparedBytes()}) and lives in the caller's scope.</li>
 * </ul>
 */
package dev.accel.backend;
