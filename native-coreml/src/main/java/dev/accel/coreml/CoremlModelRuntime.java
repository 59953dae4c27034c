package dev.accel.coreml;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.memory.Memory;
import dev.accel.model.ExecutionProvider;
import dev.accel.model.ModelRuntime;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * CoreML models through Accel's Objective-C shim, registered as the {@link ModelRuntime} called
 * {@value #NAME} for format {@value #FORMAT}.
 *
 * <h2>Models and where bytes are copied</h2>
 * CoreML loads only compiled models, and a compiled model ({@code .mlmodelc}) is a directory, not one
 * file:
 * <ul>
 *   <li>{@link #openCompiled} loads an {@code .mlmodelc} directory in place, e.g. one exported from the
 *       store (a UnixFS directory written out to a cache folder); nothing is copied by Accel.</li>
 *   <li>{@link #open(Memory, SessionOptions)} takes the bytes of a single-file {@code .mlmodel} (the
 *       model specification, e.g. from the store's mapping), writes them to a temporary file (CoreML
 *       compiles only from a path: one copy, to disk), compiles it with
 *       {@code MLModel compileModelAtURL}, loads the result, and deletes both when the session closes.</li>
 * </ul>
 * The options' providers must be exactly {@code [COREML]}. Compute units default to
 * {@link CoremlComputeUnits#ALL}.
 */
public final class CoremlModelRuntime implements ModelRuntime {
    public static final String NAME = "coreml";
    public static final String FORMAT = "mlmodelc";

    private final CoremlLocator locator;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}; loads nothing. */
    public CoremlModelRuntime() {
        this(CoremlLocator.processWide());
    }

    CoremlModelRuntime(CoremlLocator locator) {
        this.locator = locator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Availability availability() {
        CoremlLocator.Found found = locator.shim();
        return found.isPresent() ? Availability.ok(found.shim().toString()) : Availability.unavailable(found.reason());
    }

    @Override
    public List<ExecutionProvider> providers() {
        return availability().available() ? List.of(ExecutionProvider.COREML) : List.of();
    }

    /** Compiles and opens the bytes of an {@code .mlmodel} with {@link CoremlComputeUnits#ALL}. */
    @Override
    public ModelSession open(Memory modelBytes, SessionOptions options) {
        return open(modelBytes, options, CoremlComputeUnits.ALL);
    }

    /**
     * Compiles and opens the bytes of an {@code .mlmodel} (see the class documentation for the copy to a
     * temporary file).
     *
     * @throws AccelException {@link ErrorCode#BACKEND_UNAVAILABLE} off Apple platforms, without the shim, or
     *         when the providers are not exactly {@code [COREML]}; {@link ErrorCode#MALFORMED_INPUT} when
     *         CoreML cannot compile or load the bytes; {@link ErrorCode#INVALID_ARGUMENT} for device memory
     */
    /**
     * Compiles and opens the bytes of an {@code .mlmodel} on the compute units named {@code device} (the part
     * after the colon of {@code coreml:ane}; see {@link CoremlComputeUnits#parse}).
     *
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} for an unknown name; otherwise as {@link #open(Memory, SessionOptions, CoremlComputeUnits)}
     */
    @Override
    public ModelSession open(Memory modelBytes, SessionOptions options, String device) {
        CoremlComputeUnits units;
        try {
            units = CoremlComputeUnits.parse(device);
        } catch (IllegalArgumentException e) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
        return open(modelBytes, options, units);
    }

    public ModelSession open(Memory modelBytes, SessionOptions options, CoremlComputeUnits units) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        checkOptions(options);
        if (!modelBytes.kind().isHostAccessible()) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "a CoreML model must be in host memory or a mapped file, got " + modelBytes);
        }
        CoremlShim shim = requireShim();
        Path dir = null;
        Path compiled = null;
        try {
            dir = Files.createTempDirectory("accel-coreml-");
            Path spec = dir.resolve("model.mlmodel");
            try (FileChannel out = FileChannel.open(spec, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                var buffer = modelBytes.hostSegment().asByteBuffer();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            compiled = CoremlModel.compile(shim, spec);
            Path compiledDir = compiled;
            Path tempDir = dir;
            CoremlModel model = CoremlModel.load(shim, compiled, units);
            return new CoremlSession(shim, model, units, () -> {
                deleteTree(compiledDir);
                deleteTree(tempDir);
            });
        } catch (IOException e) {
            cleanUp(compiled, dir);
            throw new AccelException(ErrorCode.IO_ERROR, "cannot write the model to a temporary file for CoreML to compile: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            cleanUp(compiled, dir);
            throw e;
        }
    }

    /**
     * Opens a compiled model directory ({@code .mlmodelc}) in place.
     *
     * @throws AccelException as {@link #open(Memory, SessionOptions, CoremlComputeUnits)}; {@link ErrorCode#IO_ERROR}
     *         when the directory does not exist
     */
    public ModelSession openCompiled(Path mlmodelc, SessionOptions options, CoremlComputeUnits units) {
        checkOptions(options);
        CoremlShim shim = requireShim();
        return new CoremlSession(shim, CoremlModel.load(shim, mlmodelc, units), units, () -> {
        });
    }

    private static void checkOptions(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        if (!options.providers().equals(List.of(ExecutionProvider.COREML))) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "the coreml model runtime runs models on CoreML only; open it with"
                    + " SessionOptions.withProviders(ExecutionProvider.COREML), got " + options.providers());
        }
    }

    private CoremlShim requireShim() {
        CoremlLocator.Found found = locator.shim();
        if (!found.isPresent()) {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, "the coreml model runtime is unavailable: " + found.reason());
        }
        return found.shim();
    }

    private static void cleanUp(Path compiled, Path dir) {
        deleteTree(compiled);
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary file left behind is not worth failing a close for
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    @Override
    public String toString() {
        return "CoremlModelRuntime[" + NAME + ", " + FORMAT + "]";
    }
}
