/**
 * A BERT encoder (all-MiniLM-L6-v2's architecture) written only with Accel's tensor ops
 * ({@link dev.accel.backend.Ops}) and views, so it runs on any {@link dev.accel.backend.Device}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Weights.</b> {@link dev.accel.examples.bert.BertEncoder#load} takes them from a parsed ONNX model
 *       ({@link dev.accel.examples.bert.onnx.OnnxModel}): on a host device they are views into the model file's
 *       mapping (no copy); on any other device each is uploaded once, into memory the encoder owns and frees on
 *       {@code close()}. Which initializer is which is found by walking the graph, not by name. The product
 *       weights of each layer are then given to the device's {@link dev.accel.backend.Ops#prepare} (unless
 *       {@code load(..., false)}), query, key and value side by side as one {@code [hidden, 3 hidden]} matrix: on
 *       the CPU that packs them once into the GEMM's panels, a copy of about their size
 *       ({@link dev.accel.examples.bert.BertEncoder#preparedBytes()}), which the products then read instead of
 *       the mapping; the other weights (embeddings, norms, biases) stay views.</li>
 *   <li><b>Checking.</b> {@link dev.accel.examples.bert.EngineCheck} compares the engine on any device with another
 *       runtime's embeddings stored in an {@link dev.accel.examples.bert.EngineReference} file, where that runtime
 *       is not installed (a GPU machine).</li>
 *   <li><b>Lifetime.</b> On a host device the encoder reads the mapping at every call: keep the mapping's scope
 *       open while the encoder is used. For both cores to work on one call, that scope must be shared
 *       ({@link dev.accel.memory.MemoryScope#shared()}); a confined mapping limits the CPU ops to the calling thread.</li>
 *   <li><b>Inputs.</b> {@code input_ids}, {@code attention_mask} and {@code token_type_ids} as i64 or i32
 *       {@code [batch, sequence]} tensors, in host memory or on the encoder's device (host inputs are copied to
 *       the device, once per call); the sequence is at most {@link dev.accel.examples.bert.BertConfig#maxPositions()}.</li>
 *   <li><b>Outputs.</b> f32 tensors on the encoder's device, owned by the caller's scope: the last hidden state
 *       {@code [batch, sequence, hidden]} or sentence embeddings {@code [batch, hidden]} (mean over the mask, then L2
 *       normalization, as sentence-transformers does). Temporaries live in a shared scope closed before the call returns.</li>
 *   <li><b>Threads.</b> An encoder is immutable after loading; calls may run concurrently.</li>
 * </ul>
 */
package dev.accel.examples.bert;
