/**
 * ONNX models on ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime}, automatic module
 * {@code com.microsoft.onnxruntime}): {@link dev.accel.cpu.onnx.OnnxModelRuntime} is the
 * {@link dev.accel.model.ModelRuntime} called {@code onnxruntime}; {@link dev.accel.cpu.onnx.OnnxSession}
 * runs a model on runtime tensors.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Copies.</b> The model file and contiguous host inputs are passed to ONNX Runtime as direct
 *       buffers over Accel's memory, never through the Java heap; outputs whose shape is known from the
 *       inputs are written by ONNX Runtime straight into tensors of the caller's scope. The copies ONNX
 *       Runtime makes itself are listed on each class and in {@code docs/models.md}.</li>
 *   <li><b>Native access.</b> ONNX Runtime loads its libraries through JNI: on the module path, run with
 *       {@code --enable-native-access=com.microsoft.onnxruntime} (on the class path, {@code ALL-UNNAMED}).</li>
 *   <li><b>Providers.</b> The Maven Central artifact carries the CPU provider only; asking for CUDA,
 *       OpenVINO, Core ML or QNN fails with {@link dev.accel.ErrorCode#BACKEND_UNAVAILABLE} naming the
 *       providers present. When a requested provider is present, ONNX Runtime still runs on its CPU kernels
 *       any operator that provider does not implement (its own documented behaviour).</li>
 *   <li><b>Errors.</b> ONNX Runtime failures become {@link dev.accel.AccelException}s carrying its status
 *       name and number ({@link dev.accel.NativeStatus} with library {@code onnxruntime}).</li>
 * </ul>
 */
package dev.accel.cpu.onnx;
