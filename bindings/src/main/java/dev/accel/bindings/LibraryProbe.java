package dev.accel.bindings;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LibrarySearch#probe()} found: either a {@link Loaded} library or the reason it is
 * {@link Unavailable}. Both list every {@link Attempt} made, in order, so a backend can show the
 * user exactly where it looked ({@code accel devices}).
 *
 * <pre>{@code
 * switch (search.probe()) {
 *     case LibraryProbe.Loaded loaded -> useIt(loaded.library());
 *     case LibraryProbe.Unavailable unavailable -> reportUnavailable(unavailable.reason());
 * }
 * }</pre>
 */
public sealed interface LibraryProbe permits LibraryProbe.Loaded, LibraryProbe.Unavailable {

    /** Every place tried, in order; the last one is where the library was loaded from, if it was. */
    List<Attempt> attempts();

    /** The loaded library, or empty if it is unavailable. */
    Optional<NativeLibrary> loadedLibrary();

    /**
     * The loaded library.
     *
     * @throws AccelException with {@link ErrorCode#BACKEND_UNAVAILABLE} and the
     *                        {@linkplain Unavailable#reason() reason} when it is unavailable
     */
    NativeLibrary orElseThrow();

    /**
     * One place where the library was looked for, and what happened there.
     *
     * @param place   what was tried: {@code $ACCEL_CUDA_LIBRARY}, a file path, or
     *                {@code dlopen("libcuda.so.1")}
     * @param outcome what happened: {@code unset}, {@code no such file}, {@code loaded}, or the
     *                loader's error
     */
    record Attempt(String place, String outcome) {
        /** Checks that both parts are present. */
        public Attempt {
            Objects.requireNonNull(place, "place");
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public String toString() {
            return place + ": " + outcome;
        }
    }

    /**
     * The library was loaded.
     *
     * @param library  the loaded library; the caller owns it and closes it
     * @param attempts every place tried, the last one being where it was loaded from
     */
    record Loaded(NativeLibrary library, List<Attempt> attempts) implements LibraryProbe {
        /** Checks the library is present and copies the attempts. */
        public Loaded {
            Objects.requireNonNull(library, "library");
            attempts = List.copyOf(attempts);
        }

        @Override
        public Optional<NativeLibrary> loadedLibrary() {
            return Optional.of(library);
        }

        @Override
        public NativeLibrary orElseThrow() {
            return library;
        }
    }

    /**
     * The library could not be loaded.
     *
     * @param reason   one sentence naming the library and listing every attempt, e.g.
     *                 {@code CUDA driver not found (tried: $ACCEL_CUDA_LIBRARY: unset;
     *                 /usr/lib64/libcuda.so.1: no such file; dlopen("libcuda.so.1"): ...)}
     * @param attempts the same attempts, one by one
     */
    record Unavailable(String reason, List<Attempt> attempts) implements LibraryProbe {
        /** Checks the reason is present and copies the attempts. */
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            attempts = List.copyOf(attempts);
        }

        @Override
        public Optional<NativeLibrary> loadedLibrary() {
            return Optional.empty();
        }

        @Override
        public NativeLibrary orElseThrow() {
            throw new AccelException(ErrorCode.BACKEND_UNAVAILABLE, reason);
        }
    }
}
