package dev.accel.jmh;

import dev.accel.bindings.LibraryProbe;
import dev.accel.bindings.LibrarySearch;
import dev.accel.bindings.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The few OpenBLAS functions the benchmarks compare with, linked through {@code java.lang.foreign}.
 *
 * <p>Found with the project's {@link LibrarySearch}: {@code $ACCEL_OPENBLAS_LIBRARY} names an exact file;
 * otherwise {@code libopenblas.so.0} (then {@code libopenblas.so}) is looked for in {@code $ACCEL_LIBRARY_PATH},
 * the usual Linux folders, the Debian/Ubuntu {@code openblas-pthread} and {@code openblas-openmp} folders,
 * and finally by the system loader. On Debian and Ubuntu, {@code apt-get install libopenblas0} provides it.
 * Only the LP64 build (32-bit {@code blasint}, the default {@code libopenblas.so.0}) matches the descriptors
 * here; the ILP64 build is named {@code libopenblas64_.so.0} and is not looked for.
 *
 * <p>Owns the loaded library: {@link #close()} unloads it, after which the linked handles throw
 * {@link IllegalStateException}.
 */
final class OpenBlas implements AutoCloseable {
    /** {@code CBLAS_ORDER.CblasRowMajor} in {@code cblas.h}. */
    static final int ROW_MAJOR = 101;
    /** {@code CBLAS_TRANSPOSE.CblasNoTrans} in {@code cblas.h}. */
    static final int NO_TRANS = 111;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;

    private final NativeLibrary library;
    private final MethodHandle sgemm;
    private final MethodHandle setNumThreads;
    private final MethodHandle getNumThreads;
    private final MethodHandle getConfig;

    private OpenBlas(NativeLibrary library) {
        this.library = library;
        // void cblas_sgemm(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, blasint M, blasint N,
        //                  blasint K, float alpha, const float *A, blasint lda, const float *B, blasint ldb,
        //                  float beta, float *C, blasint ldc)
        this.sgemm = library.downcall("cblas_sgemm", FunctionDescriptor.ofVoid(
                INT, INT, INT, INT, INT, INT, FLOAT, PTR, INT, PTR, INT, FLOAT, PTR, INT));
        this.setNumThreads = library.downcall("openblas_set_num_threads", FunctionDescriptor.ofVoid(INT));
        this.getNumThreads = library.downcall("openblas_get_num_threads", FunctionDescriptor.of(INT));
        this.getConfig = library.downcall("openblas_get_config", FunctionDescriptor.of(PTR));
    }

    /**
     * Loads OpenBLAS.
     *
     * @throws IllegalStateException naming every place tried when it is not installed
     */
    static OpenBlas load() {
        List<String> dirs = new ArrayList<>(LibrarySearch.COMMON_LINUX_DIRECTORIES);
        dirs.addAll(List.of(
                "/usr/lib/x86_64-linux-gnu/openblas-pthread", "/usr/lib/aarch64-linux-gnu/openblas-pthread",
                "/usr/lib/x86_64-linux-gnu/openblas-openmp", "/usr/lib/aarch64-linux-gnu/openblas-openmp",
                "/usr/lib64/openblas-pthreads", "/opt/homebrew/opt/openblas/lib", "/usr/local/opt/openblas/lib"));
        LibraryProbe probe = LibrarySearch.forNames("libopenblas.so.0", "libopenblas.so", "libopenblas.dylib")
                .describedAs("OpenBLAS")
                .overrideVariable("ACCEL_OPENBLAS_LIBRARY")
                .directories(dirs)
                .probe();
        return switch (probe) {
            case LibraryProbe.Loaded loaded -> new OpenBlas(loaded.library());
            case LibraryProbe.Unavailable unavailable -> throw new IllegalStateException(
                    "OpenBLAS is not installed, so there is nothing to compare with (Debian/Ubuntu: apt-get install "
                            + "libopenblas0; or set ACCEL_OPENBLAS_LIBRARY to the file). " + unavailable.reason());
        };
    }

    /** Where the library was loaded from. */
    String origin() {
        return library.origin();
    }

    /** OpenBLAS's build description ({@code openblas_get_config}), e.g. {@code "OpenBLAS 0.3.21 ... Zen"}. */
    String config() {
        try {
            MemorySegment s = (MemorySegment) getConfig.invokeExact();
            return s.reinterpret(1024).getString(0); // a static NUL-terminated string inside the library
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Sets OpenBLAS's thread count and checks that it took.
     *
     * @throws IllegalStateException if OpenBLAS reports another count afterwards (e.g. a build limited to fewer)
     */
    void setThreads(int threads) {
        try {
            setNumThreads.invokeExact(threads);
            int now = (int) getNumThreads.invokeExact();
            if (now != threads) {
                throw new IllegalStateException("openblas_set_num_threads(" + threads + ") left OpenBLAS at " + now
                        + " threads (" + library.origin() + ")");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Row-major {@code C = A x B} for contiguous {@code A [m, k]}, {@code B [k, n]}, {@code C [m, n]} (native). */
    void sgemm(int m, int n, int k, MemorySegment a, MemorySegment b, MemorySegment c) {
        try {
            sgemm.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, a, k, b, n, 0f, c, n);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        library.close();
    }
}
