/**
 * The store's shared vocabulary: its {@link dev.accel.store.StoreLimits limits} and the exceptions callers
 * act on ({@link dev.accel.store.BlockIntegrityException}, {@link dev.accel.store.BlockNotFoundException}).
 *
 * <h2>Rules (for every package of this module)</h2>
 * <ul>
 *   <li>Every failure on outside data is an {@link dev.accel.AccelException}: malformed bytes are
 *       {@link dev.accel.ErrorCode#MALFORMED_INPUT}, bytes that do not hash to their CID are
 *       {@link dev.accel.ErrorCode#INTEGRITY} (as a {@code BlockIntegrityException} naming the CID), a size
 *       over a limit is {@link dev.accel.ErrorCode#OUT_OF_MEMORY} or {@code MALFORMED_INPUT} where the bytes
 *       came from outside, file-system failures are {@link dev.accel.ErrorCode#IO_ERROR}.</li>
 *   <li>Bytes that failed their hash are never returned to a caller.</li>
 *   <li>Arguments are never {@code null}; a {@code null} throws {@link NullPointerException}.</li>
 *   <li>Byte arrays handed in are copied where an object keeps them; byte arrays handed out are fresh
 *       copies the caller owns, unless a method says otherwise.</li>
 *   <li>All limits are in {@link dev.accel.store.StoreLimits}; none can be switched off.</li>
 * </ul>
 */
package dev.accel.store;
