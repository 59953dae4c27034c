/**
 * Apple CoreML and Metal through Accel's Objective-C shim ({@code src/main/objc/accel_coreml.m}, a
 * plain C ABI in {@code accel_coreml.h}, built on macOS by this module's build): the {@code coreml}
 * {@link dev.accel.backend.Backend} (devices {@code coreml:cpu}, {@code coreml:gpu}, {@code coreml:ane})
 * and the {@code coreml} {@link dev.accel.model.ModelRuntime}. The raw layer is
 * {@code dev.accel.coreml.raw}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Platforms.</b> Off Apple platforms the backend and runtime are unavailable with the reason
 *       "CoreML exists only on Apple platforms (os.name=...)"; only Accel's C stand-in of the shim's ABI
 *       (used by the tests, named a stand-in everywhere) loads there.</li>
 *   <li><b>Loading.</b> {@code $ACCEL_COREML_SHIM} (exact file), the system property
 *       {@code accel.coreml.shim} (exact file), {@code $ACCEL_LIBRARY_PATH} and {@code java.library.path},
 *       then the system loader. Loaded once, never unloaded.</li>
 *   <li><b>Ownership.</b> {@link dev.accel.coreml.CoremlMetalBuffer}
 *       and sessions are {@link java.lang.AutoCloseable}; closing is idempotent; use after close throws
 *       {@link java.lang.IllegalStateException}. Tensor memory always stays the caller's.</li>
 *   <li><b>Errors.</b> The shim's status codes become {@link dev.accel.AccelException}s with the status's
 *       name and number and the shim's message (CoreML's {@code localizedDescription}).</li>
 *   <li><b>Nulls.</b> No method accepts or returns {@code null}.</li>
 * </ul>
 */
package dev.accel.coreml;
