/**
 * Tensors: typed, strided views over memory.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Views never copy.</b> Slicing, selecting, reshaping, permuting, broadcasting and (un)squeezing
 *       return a new {@link dev.accel.tensor.Tensor} descriptor over the same bytes. Only methods whose
 *       names say so move bytes: {@code contiguous()} (when needed), {@code copyTo}, {@code to(device)},
 *       {@code copyOf(...)} and {@code to...Array()}.</li>
 *   <li><b>Lifetime.</b> A tensor is valid while the {@link dev.accel.memory.MemoryScope} that owns its
 *       memory is open. Afterwards every access throws {@link IllegalStateException}.</li>
 *   <li><b>Layout.</b> Strides and offsets count elements, not bytes. Elements are stored in native byte
 *       order. A stride of 0 repeats an element (broadcasting); negative strides are not produced by any
 *       view method but are accepted by {@code Tensor.view}.</li>
 *   <li><b>Limits.</b> Rank at most {@value dev.accel.tensor.Shapes#MAX_RANK}; element counts fit in a
 *       {@code long}; Java array copies ({@code to...Array}) are limited to {@code Integer.MAX_VALUE} elements.</li>
 *   <li><b>Threads.</b> Tensor descriptors are immutable and thread-safe; concurrent writes to the same
 *       bytes are the caller's business. A confined scope's memory may only be touched by its thread.</li>
 *   <li><b>Nulls.</b> No method accepts or returns {@code null}.</li>
 * </ul>
 */
package dev.accel.tensor;
