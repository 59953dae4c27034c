/**
 * The checked layer over OpenVINO's C API ({@link dev.accel.openvino.capi}): owners of OpenVINO's
 * objects that check every status, free every object exactly once, and state who owns which memory.
 *
 * <ul>
 *   <li>{@link dev.accel.openvino.core.OvLibrary}: a loaded {@code libopenvino_c} with its linked
 *       functions, its version, and its status codes ({@code ov_status_e}, reported as
 *       {@link dev.accel.AccelException}s carrying the vendor name and number plus
 *       {@code ov_get_last_err_msg}).</li>
 *   <li>{@link dev.accel.openvino.core.OvCore} → {@link dev.accel.openvino.core.OvModel} →
 *       {@link dev.accel.openvino.core.OvCompiledModel} → {@link dev.accel.openvino.core.OvInferRequest},
 *       with {@link dev.accel.openvino.core.OvTensor}s over the caller's host memory.</li>
 * </ul>
 *
 * <h2>Rules for every class here</h2>
 * <ul>
 *   <li><b>Ownership.</b> Every class holding an OpenVINO handle is {@link java.lang.AutoCloseable};
 *       {@code close()} frees the handle once and is idempotent; any other call afterwards throws
 *       {@link java.lang.IllegalStateException}. OpenVINO reference-counts its objects internally, so
 *       closing a parent (core, compiled model) while a child is in use is safe.</li>
 *   <li><b>No copies.</b> Model bytes and tensor data are handed to OpenVINO by address; OpenVINO's own
 *       copies are documented where they happen ({@link dev.accel.openvino.core.OvCore#readModel}).</li>
 *   <li><b>Failures.</b> A non-{@code OK} status throws {@link dev.accel.AccelException} with
 *       {@link dev.accel.ErrorCode#NATIVE_ERROR} (or the code {@link dev.accel.openvino.capi.OvStatus}
 *       declares), the {@link dev.accel.NativeStatus} and OpenVINO's last error message. A failure
 *       part-way through a method frees what the method had created.</li>
 *   <li><b>Threads.</b> {@code OvLibrary}, {@code OvCore} and {@code OvCompiledModel} may be used from
 *       several threads; {@code OvInferRequest} and {@code OvTensor} by one thread at a time.</li>
 * </ul>
 */
package dev.accel.openvino.core;
