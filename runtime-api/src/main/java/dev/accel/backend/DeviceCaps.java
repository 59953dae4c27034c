package dev.accel.backend;

/**
 * What a device can do, as data (after ggml's {@code ggml_backend_dev_caps}).
 *
 * @param asyncCopies           copies can be queued on a {@link Stream} and overlap with other work
 * @param pinnedHost            the device can allocate page-locked host memory for fast transfers
 * @param bufferFromHostPointer the device can use existing host memory (a tensor's segment) without a copy
 * @param mappedFiles           the device can read memory-mapped files directly (no staging copy)
 * @param events                {@link Event}s mark points in a stream that others can wait on
 */
public record DeviceCaps(boolean asyncCopies, boolean pinnedHost, boolean bufferFromHostPointer,
                         boolean mappedFiles, boolean events) {
}
