/**
 * The OpenVINO backend: {@link dev.accel.openvino.OpenVinoBackend} (devices {@code openvino:CPU},
 * {@code openvino:GPU.0}, {@code openvino:NPU}... with host memory and no single ops) and
 * {@link dev.accel.openvino.OpenVinoModelRuntime} (ONNX and IR models on any OpenVINO device, through
 * the same {@link dev.accel.model.ModelSession} API as ONNX Runtime).
 *
 * <p>Both sit on OpenVINO's C API ({@code libopenvino_c}), bound with {@code java.lang.foreign} in two
 * layers: {@link dev.accel.openvino.capi} (raw: one method per C function) and
 * {@link dev.accel.openvino.core} (checked owners). The library is looked for once per process, lazily;
 * where, and how to point Accel at an installation, is documented on {@code OpenVinoLibrary} and in
 * {@code docs/backends/openvino.md}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Nothing here throws while loading or probing: a missing, broken or too old OpenVINO is an
 *       unavailable {@link dev.accel.backend.Availability} naming every place tried.</li>
 *   <li>Accel's stand-in test library (which exports {@code accel_openvino_stand_in}) is never
 *       reported as OpenVINO or as hardware: found by the normal search, it makes the backend
 *       unavailable with that reason.</li>
 *   <li>Model bytes and input tensors are handed to OpenVINO by address, no copy; outputs are copied
 *       out unless the caller passes output tensors (see {@code OpenVinoSession}).</li>
 *   <li>Native access must be enabled for this module and {@code dev.accel.bindings}
 *       ({@code --enable-native-access}); without it the backend is unavailable and says which flag to pass.</li>
 * </ul>
 */
package dev.accel.openvino;
