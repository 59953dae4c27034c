/**
 * A small reader of ONNX model files ({@code ModelProto}, protocol-buffers wire format), enough to take a
 * model's weights and graph structure without ONNX Runtime. Field numbers are those of onnx/onnx
 * {@code onnx/onnx.proto}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>No copy.</b> The reader parses a {@link java.lang.foreign.MemorySegment} (normally the read-only
 *       mapping of the file, e.g. from the model store). Initializers stored as {@code raw_data} become
 *       {@link dev.accel.tensor.Tensor} views into that segment through {@link dev.accel.examples.bert.onnx.OnnxTensor#view()},
 *       at whatever alignment the file has (Accel's host kernels read elements unaligned). Only names,
 *       attributes and small typed-field tensors ({@code float_data}, {@code int64_data}...) are decoded onto the heap.</li>
 *   <li><b>Lifetime.</b> Views are valid as long as the parsed segment is (the mapping's scope).</li>
 *   <li><b>Errors.</b> Bytes that are not a well-formed {@code ModelProto} throw
 *       {@link dev.accel.AccelException} with {@link dev.accel.ErrorCode#MALFORMED_INPUT} and the byte offset
 *       (truncated fields, varints over 64 bits or 10 bytes, wrong wire types for known fields, lengths past
 *       the enclosing message, data sizes that do not match the shape). ONNX features the reader does not
 *       handle throw {@link dev.accel.ErrorCode#UNSUPPORTED}: external data, segments, sparse tensors, string
 *       tensors, subgraph attributes, model-local functions. No other exception type escapes for bad bytes.</li>
 *   <li><b>Limits.</b> Strings up to {@value dev.accel.examples.bert.onnx.OnnxModel#MAX_STRING_BYTES} bytes,
 *       rank up to {@value dev.accel.examples.bert.onnx.OnnxModel#MAX_RANK}, lists up to
 *       {@value dev.accel.examples.bert.onnx.OnnxModel#MAX_LIST} entries; per model at most
 *       {@value dev.accel.examples.bert.onnx.OnnxModel#MAX_ENTRIES} decoded entries (nodes, names, attributes, list
 *       items) and {@value dev.accel.examples.bert.onnx.OnnxModel#MAX_TYPED_VALUES} typed tensor values, so the heap a
 *       file can make the reader use is bounded whatever its size. Nesting is fixed by the schema
 *       (model, graph, node, attribute, tensor) because subgraphs are rejected; every loop consumes input, so
 *       parsing ends in time linear in the file size. Unknown fields are skipped.</li>
 *   <li><b>Threads.</b> A parsed {@link dev.accel.examples.bert.onnx.OnnxModel} is immutable.</li>
 * </ul>
 */
package dev.accel.examples.bert.onnx;
