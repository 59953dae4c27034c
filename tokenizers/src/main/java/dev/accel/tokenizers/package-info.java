/**
 * Tokenizers and pooling for text models: {@link dev.accel.tokenizers.WordPieceTokenizer} reads a Hugging
 * Face {@code tokenizer.json} (BERT WordPiece) and encodes batches into {@code input_ids},
 * {@code attention_mask} and {@code token_type_ids} ({@link dev.accel.tokenizers.BatchEncoding});
 * {@link dev.accel.tokenizers.Pooling} turns token states into sentence embeddings.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Fidelity.</b> Ids match Hugging Face's Rust {@code tokenizers} for single texts; where its
 *       JavaScript port differs (documented in {@code docs/models.md}), the Rust behaviour wins.</li>
 *   <li><b>Limits.</b> {@code tokenizer.json} at most {@value dev.accel.tokenizers.WordPieceTokenizer#MAX_JSON_BYTES}
 *       bytes and 64 levels deep; texts longer than the maximum length are truncated, and the truncation is
 *       reported (a warning, or the listener given to {@code onTruncation}).</li>
 *   <li><b>Errors.</b> Bad JSON or a missing field: {@link dev.accel.ErrorCode#MALFORMED_INPUT}; a tokenizer of
 *       another kind: {@link dev.accel.ErrorCode#UNSUPPORTED}; both name the file.</li>
 *   <li><b>Copies.</b> Encodings are Java arrays; {@code BatchEncoding.copyToTensors} copies them into host
 *       tensors. Pooling reads the model's output tensor in place.</li>
 *   <li><b>Threads.</b> Tokenizers are immutable and thread-safe. No method accepts or returns {@code null}.</li>
 * </ul>
 */
package dev.accel.tokenizers;
