package dev.accel.bindings;

import dev.accel.bindings.LibraryProbe.Attempt;
import dev.accel.bindings.NativeLibrary.Source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where to look for one native library, and the {@link #probe()} that looks. Immutable: each
 * {@code with}-style method returns a new search.
 *
 * <pre>{@code
 * LibraryProbe probe = LibrarySearch.forNames("libnvrtc.so.13", "libnvrtc.so.12")
 *         .describedAs("NVRTC")
 *         .overrideVariable("ACCEL_NVRTC_LIBRARY")
 *         .pathVariables(LibrarySearch.ACCEL_LIBRARY_PATH, "LD_LIBRARY_PATH")
 *         .directories("/usr/local/cuda/lib64")
 *         .probe();
 * }</pre>
 *
 * <p>The probe tries, in order, and stops at the first library that loads:
 * <ol>
 *   <li>the native-access gate ({@link NativeAccess#problem(Module...)}): without native access
 *       nothing is loaded and the reason says which flag to pass;</li>
 *   <li>the {@linkplain #overrideVariable(String) override variable}: when set, it names the exact
 *       file to load, and <em>nothing else is tried</em>: a user who names a file gets that file or
 *       a clear failure, never a different library found elsewhere;</li>
 *   <li>each search directory, in order (the entries of the {@linkplain #pathVariables path
 *       variables}, then the {@linkplain #directories given directories}, duplicates dropped), and
 *       within each directory each candidate name, in order;</li>
 *   <li>the system's dynamic loader with each candidate's plain name
 *       ({@link SymbolLookup#libraryLookup(String, Arena)}, i.e. {@code dlopen}), which searches
 *       {@code LD_LIBRARY_PATH}, the loader cache and the default directories itself.</li>
 * </ol>
 * Probing never throws for a library that is missing or broken; it returns
 * {@link LibraryProbe.Unavailable} with every attempt and why it failed (for a file that exists but
 * does not load, the loader's own message where the platform provides one, e.g. a missing
 * dependency).
 */
public final class LibrarySearch {

    /** The path variable Accel reads by default: directories searched before anything else. */
    public static final String ACCEL_LIBRARY_PATH = "ACCEL_LIBRARY_PATH";

    /** Directories where Linux distributions and vendor installers commonly put shared libraries. */
    public static final List<String> COMMON_LINUX_DIRECTORIES = List.of(
            "/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib");

    private static final String LOAD_FAILED = "exists but could not be loaded: ";

    private final List<String> names;
    private final String description;
    private final Optional<String> overrideVariable;
    private final List<String> pathVariables;
    private final List<String> directories;
    private final Function<String, String> environment;

    private LibrarySearch(List<String> names, String description, Optional<String> overrideVariable,
                          List<String> pathVariables, List<String> directories, Function<String, String> environment) {
        this.names = names;
        this.description = description;
        this.overrideVariable = overrideVariable;
        this.pathVariables = pathVariables;
        this.directories = directories;
        this.environment = environment;
    }

    /**
     * A search for a library known by any of {@code names}, most preferred first (e.g.
     * {@code "libcuda.so.1", "libcuda.so"}). Defaults: described by its names, no override
     * variable, path variable {@value #ACCEL_LIBRARY_PATH}, no extra directories, the process
     * environment.
     *
     * @throws IllegalArgumentException if no name is given, or a name is blank or contains a path separator
     */
    public static LibrarySearch forNames(String... names) {
        List<String> list = List.of(names);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("a library search needs at least one candidate name");
        }
        for (String name : list) {
            if (name.isBlank() || name.contains("/") || name.contains(File.separator)) {
                throw new IllegalArgumentException("candidate name must be a plain file name: '" + name + "'");
            }
        }
        return new LibrarySearch(list, String.join(" or ", list), Optional.empty(), List.of(ACCEL_LIBRARY_PATH),
                List.of(), System::getenv);
    }

    /** What the library is, used in reasons and {@link NativeLibrary#description()}, e.g. {@code "CUDA driver"}. */
    public LibrarySearch describedAs(String description) {
        Objects.requireNonNull(description, "description");
        return new LibrarySearch(names, description, overrideVariable, pathVariables, directories, environment);
    }

    /** An environment variable that, when set, names the exact file to load (e.g. {@code ACCEL_CUDA_LIBRARY}). */
    public LibrarySearch overrideVariable(String variable) {
        Objects.requireNonNull(variable, "variable");
        return new LibrarySearch(names, description, Optional.of(variable), pathVariables, directories, environment);
    }

    /** Environment variables holding directory lists (separated by {@link File#pathSeparator}); replaces the default. */
    public LibrarySearch pathVariables(String... variables) {
        return new LibrarySearch(names, description, overrideVariable, List.of(variables), directories, environment);
    }

    /** Directories searched after those of the path variables, in order; replaces any given before. */
    public LibrarySearch directories(String... directories) {
        return new LibrarySearch(names, description, overrideVariable, pathVariables, List.of(directories), environment);
    }

    /** Directories searched after those of the path variables, in order; replaces any given before. */
    public LibrarySearch directories(List<String> directories) {
        return directories(directories.toArray(String[]::new));
    }

    /** Reads variables from {@code environment} instead of the process environment (for tests and embedding). */
    public LibrarySearch environment(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return environment((Function<String, String>) copy::get);
    }

    /** Reads variables through {@code lookup}, which returns {@code null} for an unset variable. */
    public LibrarySearch environment(Function<String, String> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return new LibrarySearch(names, description, overrideVariable, pathVariables, directories, lookup);
    }

    /** The candidate names, most preferred first. */
    public List<String> names() {
        return names;
    }

    /** Looks for the library as described in the class documentation. Never throws for a missing or broken library. */
    public LibraryProbe probe() {
        List<Attempt> attempts = new ArrayList<>();
        Optional<String> gate = NativeAccess.problem();
        if (gate.isPresent()) {
            attempts.add(new Attempt("native access", gate.get()));
            return new LibraryProbe.Unavailable(description + " was not looked for: " + gate.get(), attempts);
        }
        if (overrideVariable.isPresent()) {
            String variable = overrideVariable.get();
            String value = environment.apply(variable);
            if (value == null || value.isBlank()) {
                attempts.add(new Attempt("$" + variable, "unset"));
            } else {
                Optional<NativeLibrary> loaded = loadFile(value, "$" + variable + "=" + value, Source.ENVIRONMENT_OVERRIDE, attempts);
                return loaded.<LibraryProbe>map(library -> new LibraryProbe.Loaded(library, attempts))
                        .orElseGet(() -> unavailable(attempts, "$" + variable + " names an exact file, so nothing else was tried"));
            }
        }
        for (String directory : searchDirectories(attempts)) {
            Path dir = Path.of(directory);
            if (!Files.isDirectory(dir)) {
                attempts.add(new Attempt(directory, "no such directory"));
                continue;
            }
            for (String name : names) {
                Path file = dir.resolve(name).toAbsolutePath();
                Optional<NativeLibrary> loaded = loadFile(file.toString(), file.toString(), Source.SEARCH_DIRECTORY, attempts);
                if (loaded.isPresent()) {
                    return new LibraryProbe.Loaded(loaded.get(), attempts);
                }
            }
        }
        for (String name : names) {
            String place = "dlopen(\"" + name + "\")";
            Arena arena = Arena.ofShared();
            try {
                SymbolLookup symbols = SymbolLookup.libraryLookup(name, arena);
                attempts.add(new Attempt(place, "loaded"));
                return new LibraryProbe.Loaded(new NativeLibrary(description, name, Source.SYSTEM_LOADER, symbols, arena), attempts);
            } catch (IllegalArgumentException | IllegalCallerException e) {
                arena.close();
                attempts.add(new Attempt(place, LoaderDiagnostics.whyDlopenFails(name).orElse(e.getMessage())));
            }
        }
        return unavailable(attempts, null);
    }

    @Override
    public String toString() {
        return "LibrarySearch[" + description + ", names=" + names + ", override=" + overrideVariable.orElse("none")
                + ", pathVariables=" + pathVariables + ", directories=" + directories + "]";
    }

    private List<String> searchDirectories(List<Attempt> attempts) {
        Set<String> result = new LinkedHashSet<>();
        for (String variable : pathVariables) {
            String value = environment.apply(variable);
            if (value == null || value.isBlank()) {
                attempts.add(new Attempt("$" + variable, "unset"));
                continue;
            }
            Arrays.stream(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(LibrarySearch::normalize).forEach(result::add);
        }
        directories.stream().map(LibrarySearch::normalize).forEach(result::add);
        return List.copyOf(result);
    }

    private static String normalize(String directory) {
        try {
            return Path.of(directory).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return directory;
        }
    }

    /** Tries one file; records the attempt; returns the library if it loaded. */
    private Optional<NativeLibrary> loadFile(String pathText, String place, Source source, List<Attempt> attempts) {
        Path file;
        try {
            file = Path.of(pathText).toAbsolutePath();
        } catch (InvalidPathException e) {
            attempts.add(new Attempt(place, "not a valid path (" + e.getReason() + ")"));
            return Optional.empty();
        }
        Optional<String> problem = fileProblem(file);
        if (problem.isPresent()) {
            attempts.add(new Attempt(place, problem.get()));
            return Optional.empty();
        }
        Arena arena = Arena.ofShared();
        try {
            SymbolLookup symbols = SymbolLookup.libraryLookup(file, arena);
            attempts.add(new Attempt(place, "loaded"));
            return Optional.of(new NativeLibrary(description, file.toString(), source, symbols, arena));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            arena.close();
            String why = LoaderDiagnostics.whyDlopenFails(file.toString()).orElse(e.getMessage());
            attempts.add(new Attempt(place, LOAD_FAILED + why));
            return Optional.empty();
        }
    }

    /** Why {@code file} cannot be a loadable library, checked before handing it to the loader. */
    private static Optional<String> fileProblem(Path file) {
        if (!Files.exists(file)) {
            return Optional.of(Files.isSymbolicLink(file) ? "dangling symbolic link" : "no such file");
        }
        if (Files.isDirectory(file)) {
            return Optional.of("is a directory");
        }
        if (!Files.isReadable(file)) {
            return Optional.of("not readable");
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            // The JVM warns about "stack guard" when asked to load a non-ELF file; say what it is instead.
            try (InputStream in = Files.newInputStream(file)) {
                byte[] magic = in.readNBytes(4);
                if (magic.length < 4 || magic[0] != 0x7f || magic[1] != 'E' || magic[2] != 'L' || magic[3] != 'F') {
                    return Optional.of("not an ELF shared library (a linker script or another kind of file)");
                }
            } catch (IOException e) {
                return Optional.of("cannot be read: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private LibraryProbe unavailable(List<Attempt> attempts, String note) {
        boolean foundButBroken = attempts.stream().anyMatch(a -> a.outcome().startsWith(LOAD_FAILED));
        StringBuilder reason = new StringBuilder(description)
                .append(foundButBroken ? " could not be loaded (tried: " : " not found (tried: ");
        reason.append(String.join("; ", summarize(attempts))).append(')');
        if (note != null) {
            reason.append("; ").append(note);
        }
        return new LibraryProbe.Unavailable(reason.toString(), attempts);
    }

    /**
     * The attempts as short phrases for a reason a person reads: consecutive misses in one directory become
     * one phrase ({@code /usr/lib: none of [libx.so, libx.so.2]}), and so do consecutive names the system
     * loader did not find. {@link LibraryProbe.Unavailable#attempts()} keeps every attempt.
     */
    static List<String> summarize(List<Attempt> attempts) {
        List<String> out = new ArrayList<>();
        List<List<String>> listed = new ArrayList<>();
        String groupKey = null;
        List<Attempt> group = new ArrayList<>();
        for (Attempt a : attempts) {
            String key = null;
            if (a.outcome().equals("no such file")) {
                key = "dir:" + Path.of(a.place()).getParent();
            } else if (a.place().startsWith(DLOPEN) && a.outcome().contains("No such file or directory")) {
                key = "dlopen";
            }
            if (key == null || !key.equals(groupKey)) {
                flush(out, listed, groupKey, group);
                groupKey = key;
                group.clear();
            }
            if (key == null) {
                out.add(a.toString());
            } else {
                group.add(a);
            }
        }
        flush(out, listed, groupKey, group);
        return out;
    }

    private static final String DLOPEN = "dlopen(\"";

    private static void flush(List<String> out, List<List<String>> listed, String key, List<Attempt> group) {
        if (group.isEmpty()) {
            return;
        }
        if (group.size() == 1) {
            out.add(group.getFirst().toString());
            return;
        }
        boolean loader = key.equals("dlopen");
        List<String> names = group.stream().map(a -> loader
                ? a.place().substring(DLOPEN.length(), a.place().length() - 2)
                : String.valueOf(Path.of(a.place()).getFileName())).toList();
        // The same candidate names in every directory: list them once, then refer back to them.
        String which = listed.contains(names) ? "none of the same " + names.size() + " names" : "none of " + names;
        listed.add(names);
        out.add(loader ? "system loader (dlopen): " + which + " found (cannot open shared object file: No such file or directory)"
                : key.substring("dir:".length()) + ": " + which);
    }
}
