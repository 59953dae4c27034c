/**
 * Errors common to all of Accel.
 *
 * <p>One unchecked root exception, {@link dev.accel.AccelException}, carries an {@link dev.accel.ErrorCode}
 * and, where a native library reported the failure, its {@link dev.accel.NativeStatus} (the vendor's
 * name and number). Contract violations of the Java API itself (a null argument, a negative size, an
 * index out of range, use of freed memory) throw the JDK's {@code NullPointerException},
 * {@code IllegalArgumentException}, {@code IndexOutOfBoundsException} and {@code IllegalStateException},
 * with the offending values (and shapes) in the message. Nothing in Accel returns {@code null} for failure.
 */
package dev.accel;
