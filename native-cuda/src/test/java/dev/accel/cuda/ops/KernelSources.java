package dev.accel.cuda.ops;

import dev.accel.cuda.CudaKernels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers over the kernel source resources. */
final class KernelSources {
    private KernelSources() {
    }

    static String text(Kernel.Source source) {
        return resource(source.resource());
    }

    /** The text of the prelude header every source includes ({@link CudaKernels#PRELUDE}). */
    static String prelude() {
        return resource(CudaKernels.KERNEL_RESOURCES + CudaKernels.PRELUDE);
    }

    /**
     * Writes the prelude into {@code dir/include} and returns that directory, for {@code -I} (nvcc, g++): the
     * header is deliberately not beside the sources, so a compile that finds it proves the include path.
     */
    static Path writeIncludeDirectory(Path dir) throws IOException {
        Path include = Files.createDirectories(dir.resolve("include"));
        Files.writeString(include.resolve(CudaKernels.PRELUDE), prelude(), StandardCharsets.UTF_8);
        return include;
    }

    private static String resource(String path) {
        try (InputStream in = KernelSources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("kernel resource missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The {@code .entry} names of a PTX module. */
    static List<String> entries(String ptx) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_]*)").matcher(ptx);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The entry names {@link Kernel} lists for {@code source}. */
    static List<String> expectedEntries(Kernel.Source source) {
        List<String> names = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            if (k.source == source) {
                names.add(k.entry);
            }
        }
        return names;
    }
}
