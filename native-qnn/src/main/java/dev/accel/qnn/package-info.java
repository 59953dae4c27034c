/**
 * Qualcomm's QNN (AI Engine Direct) through its C API: the {@code qnn} {@link dev.accel.backend.Backend}
 * (devices {@code qnn:htp}, {@code qnn:gpu}, {@code qnn:dsp}, {@code qnn:cpu}) and the {@code qnn}
 * {@link dev.accel.model.ModelRuntime}, which runs QNN context binaries. The raw layer (layouts, enum
 * values, function descriptors) is {@code dev.accel.qnn.raw}; this package is the checked layer.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Loading.</b> Backend libraries are found as {@code QnnLocator} describes:
 *       {@code $ACCEL_QNN_BACKEND} (exact file; then nothing else is tried), {@code $ACCEL_LIBRARY_PATH},
 *       {@code $QNN_SDK_ROOT/lib/<target>}, the system loader; {@code libQnnSystem.so} likewise with
 *       {@code $ACCEL_QNN_SYSTEM_LIBRARY}. A library is loaded once per process and never unloaded. Every
 *       place tried is named when nothing is found.</li>
 *   <li><b>Versions.</b> The interface table's layout is chosen from the provider's core API version;
 *       versions whose layout was not checked are refused with the versions that are
 *       ({@link dev.accel.qnn.raw.QnnInterfaceVersion}).</li>
 *   <li><b>Ownership.</b> {@link dev.accel.qnn.QnnRuntime} owns log, backend and device handles;
 *       {@link dev.accel.qnn.QnnContext} owns a context and its shared-memory registrations and must be
 *       closed before its runtime. Every owner is {@link java.lang.AutoCloseable}, closing is idempotent,
 *       use after close throws {@link java.lang.IllegalStateException}.</li>
 *   <li><b>No copies.</b> Context binaries and tensors reach QNN as addresses of the caller's memory.</li>
 *   <li><b>Errors.</b> A QNN error code becomes an {@link dev.accel.AccelException} carrying its name and
 *       number ({@link dev.accel.NativeStatus}).</li>
 *   <li><b>Stand-in.</b> Accel's tests run against a stand-in library written in C that implements the
 *       subset of the QNN API used here; it is named as such everywhere and never reported as hardware.</li>
 *   <li><b>Nulls.</b> No method accepts or returns {@code null}.</li>
 * </ul>
 */
package dev.accel.qnn;
