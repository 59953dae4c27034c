/**
 * Memory with an owner: {@link dev.accel.memory.MemoryScope} owns and frees regions;
 * {@link dev.accel.memory.Memory} is one region of a {@link dev.accel.memory.MemoryKind} (host, pinned
 * host, device, mapped file).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Every region belongs to exactly one scope; closing the scope frees the region (host memory through
 *       the JDK's {@link java.lang.foreign.Arena}, device and pinned memory through actions the backend
 *       registered), then any access throws {@link IllegalStateException}. Closing is idempotent.</li>
 *   <li>Host allocations are zero-filled and aligned to {@value dev.accel.memory.MemoryScope#HOST_ALIGNMENT} bytes.</li>
 *   <li>Mapped files are read-only; writes to them throw.</li>
 *   <li>A confined scope may only be used and closed by the thread that created it; a shared scope by any
 *       thread. No misuse of this API can crash the JVM.</li>
 * </ul>
 */
package dev.accel.memory;
