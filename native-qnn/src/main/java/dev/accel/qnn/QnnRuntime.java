package dev.accel.qnn;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.qnn.raw.QnnErrors;
import dev.accel.qnn.raw.QnnTypes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A QNN backend brought up for use: its log handle, backend handle and device handle, created in that
 * order through the library's interface table and freed in reverse by {@link #close()}.
 *
 * <p><b>Ownership.</b> A runtime owns its three handles. The {@link QnnContext}s created on it must be
 * closed first: {@link #close()} with contexts still open throws {@link IllegalStateException} naming how
 * many, and frees nothing. Closing twice does nothing.
 *
 * <p><b>Logging.</b> The log handle is created without a callback ({@code QnnLog_create(NULL, ...)}):
 * QNN then writes to the platform's default log (logcat on Android), at the level given.
 *
 * <p><b>Device.</b> Some backends (e.g. QNN's CPU backend) do not implement the device API; when
 * {@code deviceCreate} is absent or answers {@code QNN_COMMON_ERROR_NOT_SUPPORTED}, contexts are
 * created with a NULL device handle, which the QNN API allows.
 *
 * <p>Thread-safe: QNN's handles may be used from several threads; creation and closing are serialized.
 */
public final class QnnRuntime implements AutoCloseable {
    private final QnnLibrary library;
    private final MemorySegment log;
    private final MemorySegment backend;
    private final MemorySegment device;
    private final AtomicInteger openContexts = new AtomicInteger();
    private boolean closed;

    private QnnRuntime(QnnLibrary library, MemorySegment log, MemorySegment backend, MemorySegment device) {
        this.library = library;
        this.log = log;
        this.backend = backend;
        this.device = device;
    }

    /**
     * Brings up the QNN backend of {@code kind}, found as the package documentation describes, logging
     * at {@code QNN_LOG_LEVEL_WARN}.
     *
     * @throws dev.accel.backend.BackendUnavailableException when that backend library cannot be used, with the reason
     * @throws AccelException with the QNN status when QNN refuses to create a handle
     */
    public static QnnRuntime open(QnnBackendKind kind) {
        QnnLibraries.Found<QnnLibrary> found = QnnLibraries.processWide().backend(kind);
        if (!found.isPresent()) {
            throw new dev.accel.backend.BackendUnavailableException("qnn", found.reason());
        }
        return open(found.library(), QnnTypes.QNN_LOG_LEVEL_WARN);
    }

    /**
     * Creates the log, backend and device handles of {@code library}.
     *
     * @param logLevel one of {@code QNN_LOG_LEVEL_ERROR} (1) .. {@code QNN_LOG_LEVEL_DEBUG} (5)
     */
    static QnnRuntime open(QnnLibrary library, int logLevel) {
        if (logLevel < QnnTypes.QNN_LOG_LEVEL_ERROR || logLevel > QnnTypes.QNN_LOG_LEVEL_DEBUG) {
            throw new IllegalArgumentException("QNN log level must be 1 (error) .. 5 (debug), got " + logLevel);
        }
        MemorySegment log = MemorySegment.NULL;
        MemorySegment backend = MemorySegment.NULL;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            long status = (long) library.function("logCreate").invokeExact(MemorySegment.NULL, logLevel, out);
            QnnErrors.check(status, "QnnLog_create on " + library);
            log = out.get(ValueLayout.ADDRESS, 0);
            status = (long) library.function("backendCreate").invokeExact(log, MemorySegment.NULL, out);
            QnnErrors.check(status, "QnnBackend_create on " + library);
            backend = out.get(ValueLayout.ADDRESS, 0);
            MemorySegment device = MemorySegment.NULL;
            if (library.has("deviceCreate")) {
                status = (long) library.function("deviceCreate").invokeExact(log, MemorySegment.NULL, out);
                if (QnnErrors.code(status) != 1000) { // QNN_COMMON_ERROR_NOT_SUPPORTED: run without a device handle
                    QnnErrors.check(status, "QnnDevice_create on " + library);
                    device = out.get(ValueLayout.ADDRESS, 0);
                }
            }
            return new QnnRuntime(library, log, backend, device);
        } catch (Throwable t) {
            freeQuietly(library, "backendFree", backend);
            freeQuietly(library, "logFree", log);
            throw rethrow(t, "bringing up " + library);
        }
    }

    private static void freeQuietly(QnnLibrary library, String member, MemorySegment handle) {
        if (handle.equals(MemorySegment.NULL)) {
            return;
        }
        try {
            long ignored = (long) library.function(member).invokeExact(handle);
        } catch (Throwable ignored) {
            // already failing; the first error is the one reported
        }
    }

    /** {@code t} as the unchecked exception to throw: runtime exceptions and errors as they are, others wrapped. */
    static RuntimeException rethrow(Throwable t, String what) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new AccelException(ErrorCode.INTERNAL, what + " failed", t);
    }

    QnnLibrary library() {
        return library;
    }

    MemorySegment backendHandle() {
        checkOpen();
        return backend;
    }

    MemorySegment deviceHandle() {
        checkOpen();
        return device;
    }

    /** Whether a device handle was created (false for backends without the device API). */
    public boolean hasDevice() {
        return !device.equals(MemorySegment.NULL);
    }

    /** Which backend this is. */
    public QnnBackendKind kind() {
        return library.kind();
    }

    /** True when the library is Accel's test stand-in rather than Qualcomm's runtime. */
    public boolean isStandIn() {
        return library.isStandIn();
    }

    /** The core API version the backend serves, {@code major.minor.patch}. */
    public String coreApiVersion() {
        return library.coreApiVersion();
    }

    /** The backend's build id ({@code QnnBackend_getBuildId}), or empty text when it has none. */
    public String buildId() {
        checkOpen();
        if (!library.has("backendGetBuildId")) {
            return "";
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            long status = (long) library.function("backendGetBuildId").invokeExact(out);
            QnnErrors.check(status, "QnnBackend_getBuildId on " + library);
            MemorySegment id = out.get(ValueLayout.ADDRESS, 0);
            return id.equals(MemorySegment.NULL) ? "" : id.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw rethrow(t, "QnnBackend_getBuildId");
        }
    }

    synchronized void contextOpened() {
        checkOpen();
        openContexts.incrementAndGet();
    }

    void contextClosed() {
        openContexts.decrementAndGet();
    }

    synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("QNN runtime is closed: " + library);
        }
    }

    /**
     * Frees the device, backend and log handles, in that order. Idempotent.
     *
     * @throws IllegalStateException if contexts created on this runtime are still open
     * @throws AccelException        if QNN reports an error while freeing (every handle is still freed)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        int open = openContexts.get();
        if (open > 0) {
            throw new IllegalStateException("close the " + open + " QNN context(s) created on " + library + " first");
        }
        closed = true;
        RuntimeException first = null;
        for (String[] step : new String[][] {{"deviceFree", "device"}, {"backendFree", "backend"}, {"logFree", "log"}}) {
            MemorySegment handle = switch (step[1]) {
                case "device" -> device;
                case "backend" -> backend;
                default -> log;
            };
            if (handle.equals(MemorySegment.NULL)) {
                continue;
            }
            try {
                long status = (long) library.function(step[0]).invokeExact(handle);
                QnnErrors.check(status, "freeing the QNN " + step[1] + " handle of " + library);
            } catch (Throwable t) {
                if (first == null) {
                    first = rethrow(t, step[0]);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "QnnRuntime[" + library + (closed ? ", closed" : "") + "]";
    }
}
