/**
 * Whole-model execution: a {@link dev.accel.model.ModelRuntime} (found by {@link java.util.ServiceLoader},
 * listed by {@link dev.accel.model.ModelRuntimes}) opens a model from its bytes into a
 * {@link dev.accel.model.ModelSession}, whose {@link dev.accel.model.ModelSignature} (names, dtypes, shapes
 * with {@link dev.accel.model.Dim symbolic axes}) is known before anything runs.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>The road of the bytes.</b> Model bytes come in as a {@link dev.accel.memory.Memory} region (a
 *       mapped file from the store, or host memory) and are never copied into the Java heap. What the native
 *       runtime copies on its side is documented by each implementation and in {@code docs/models.md}.</li>
 *   <li><b>Inputs are checked first.</b> Names, dtypes, ranks, fixed sizes and the agreement of shared
 *       symbolic axes are checked before any native call; a failure lists what the model expects
 *       ({@link dev.accel.ErrorCode#INVALID_ARGUMENT} for names, {@link dev.accel.ErrorCode#SHAPE_MISMATCH}
 *       for dtypes and shapes).</li>
 *   <li><b>Ownership.</b> Sessions are {@link java.lang.AutoCloseable}, closing is idempotent, use after close
 *       throws {@link IllegalStateException}. Outputs belong to the scope passed to
 *       {@link dev.accel.model.ModelSession#run}.</li>
 *   <li><b>No silent fallback.</b> A requested execution provider that the runtime's build lacks fails
 *       {@code open} with {@link dev.accel.ErrorCode#BACKEND_UNAVAILABLE}, naming the providers it has.</li>
 *   <li><b>Nulls.</b> No method accepts or returns {@code null}.</li>
 * </ul>
 */
package dev.accel.model;
