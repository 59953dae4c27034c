/**
 * Shared plumbing for bindings to vendor native libraries through {@code java.lang.foreign}: every
 * native backend (CUDA driver, NVRTC, cuBLAS, OpenVINO, QNN, the CoreML shim, OpenBLAS) is built
 * from these few pieces, so that loading, linking and failing look the same everywhere.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>{@link dev.accel.bindings.LibrarySearch} describes where a library may be (an environment
 *       variable naming an exact file, search directories, the system loader) and
 *       {@linkplain dev.accel.bindings.LibrarySearch#probe() probes} for it; the
 *       {@link dev.accel.bindings.LibraryProbe} it returns is either a loaded
 *       {@link dev.accel.bindings.NativeLibrary} or the reason why not, naming every place tried.</li>
 *   <li>{@link dev.accel.bindings.NativeLibrary} owns a loaded library and links its functions
 *       ({@link dev.accel.bindings.NativeLibrary#downcall downcall}).</li>
 *   <li>{@link dev.accel.bindings.StatusCodes} turns a library's status numbers into
 *       {@link dev.accel.AccelException}s that keep the vendor's name and number.</li>
 *   <li>{@link dev.accel.bindings.CStructs} and {@link dev.accel.bindings.CTypes} build struct and
 *       union layouts with C's alignment and padding, and give access to members by name.</li>
 *   <li>{@link dev.accel.bindings.Upcall} hands a Java method to native code as a function pointer,
 *       and keeps exceptions from escaping into native frames.</li>
 *   <li>{@link dev.accel.bindings.NativeAccess} tells whether the JVM lets this module (and the
 *       backend's own module) use restricted methods, and what flag to pass if not.</li>
 * </ul>
 *
 * <h2>Rules that hold for every class here</h2>
 * <ul>
 *   <li><b>Nulls.</b> No method accepts or returns {@code null} unless its documentation says so;
 *       a {@code null} argument throws {@link java.lang.NullPointerException}. Absence is an
 *       {@link java.util.Optional} or an explicit result type, never {@code null}.</li>
 *   <li><b>Threads.</b> {@code LibrarySearch}, {@code StatusCodes}, {@code CStructs} and
 *       {@code CTypes} are immutable or stateless. {@code NativeLibrary} and {@code Upcall} may be
 *       used from any thread; their native memory lives in shared arenas.</li>
 *   <li><b>Failures.</b> Nothing here throws while a class loads. A library that cannot be found
 *       or loaded is a {@link dev.accel.bindings.LibraryProbe.Unavailable} result, not an
 *       exception. A symbol that a loaded library lacks throws an
 *       {@link dev.accel.AccelException} with {@link dev.accel.ErrorCode#BACKEND_UNAVAILABLE} (the
 *       installed library is not the one the backend needs). A native call that returns an error
 *       status throws an {@code AccelException} with {@link dev.accel.ErrorCode#NATIVE_ERROR}
 *       (or the code the binding declared for that status) carrying the
 *       {@link dev.accel.NativeStatus}. Contract violations of the Java API throw the JDK's
 *       {@code IllegalArgumentException} / {@code IllegalStateException}.</li>
 *   <li><b>Lifetimes.</b> A {@code NativeLibrary} owns a shared {@link java.lang.foreign.Arena};
 *       closing the library unloads it, and every method handle linked from it then throws
 *       {@link java.lang.IllegalStateException} when invoked, it does not crash. An
 *       {@code Upcall}'s stub lives as long as the arena the caller gave it.</li>
 * </ul>
 *
 * <h2>Restricted and unsafe operations</h2>
 * Loading a library, linking a downcall, creating an upcall stub and reinterpreting a native
 * pointer are <em>restricted</em> methods of the JDK: they need native access for the calling
 * module ({@code --enable-native-access=dev.accel.bindings,<backend module>} on the module path,
 * {@code --enable-native-access=ALL-UNNAMED} on the class path, or
 * {@code Enable-Native-Access: ALL-UNNAMED} in an executable JAR's manifest). This package checks
 * that first ({@link dev.accel.bindings.NativeAccess}) and reports a missing flag as an unavailable
 * library rather than letting the JDK print warnings or throw later. What no check can catch, and
 * what every binding must therefore get right by reading the vendor's header:
 * <ul>
 *   <li>a {@link java.lang.foreign.FunctionDescriptor} that does not match the C prototype
 *       (wrong argument count, width or return type) corrupts memory or crashes the JVM;</li>
 *   <li>a struct layout that does not match the C definition reads and writes the wrong bytes;</li>
 *   <li>native code that calls an upcall stub after its arena closed, or that keeps a pointer into
 *       Java-owned memory after that memory's arena closed, crashes the JVM.</li>
 * </ul>
 */
package dev.accel.bindings;
