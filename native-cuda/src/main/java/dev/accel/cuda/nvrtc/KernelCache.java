package dev.accel.cuda.nvrtc;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Compiled kernels on disk, so that NVRTC runs once per (source, compiler, architecture): the file name holds
 * the SHA-256 of the source text, every header's include name and text, and the full option list, then the
 * NVRTC version and the architecture, e.g. {@code elementwise-3f9a...-nvrtc13.0-sm_90.cubin}; editing a header
 * such as the kernels' prelude therefore gives every source that carries it a new file. A file is written to a
 * temporary name and moved into place, so concurrent processes never read a half-written image. The directory is
 * {@value #CACHE_VARIABLE} when set, else {@code ~/.cache/accel/cuda}. Thread-safe.
 */
public final class KernelCache {
    /** Environment variable naming the cache directory. */
    public static final String CACHE_VARIABLE = "ACCEL_CUDA_CACHE";

    private final Path directory;
    private final NvrtcCompiler compiler;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong compiles = new AtomicLong();

    public KernelCache(Path directory, NvrtcCompiler compiler) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
    }

    /** {@value #CACHE_VARIABLE}, else {@code ~/.cache/accel/cuda}. */
    public static Path defaultDirectory(Function<String, String> env) {
        String dir = env.apply(CACHE_VARIABLE);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "accel", "cuda");
    }

    public Path directory() {
        return directory;
    }

    public NvrtcCompiler compiler() {
        return compiler;
    }

    /** Images served from disk so far. */
    public long hits() {
        return hits.get();
    }

    /** Images compiled by NVRTC so far. */
    public long compiles() {
        return compiles.get();
    }

    /**
     * The image of {@code source} for {@code arch}, from disk when present, otherwise compiled and stored.
     *
     * @throws AccelException {@code IO_ERROR} when the cache directory cannot be written; compile errors as
     *                        {@link NvrtcCompiler#compile}
     */
    public KernelImage get(KernelSource source, String arch) {
        KernelImage.Format format = KernelImage.formatFor(arch);
        Path file = directory.resolve(fileName(source, arch, format));
        if (Files.isRegularFile(file)) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length > 0) {
                    hits.incrementAndGet();
                    return new KernelImage(format, bytes, "");
                }
            } catch (IOException e) {
                throw new AccelException(ErrorCode.IO_ERROR, "cannot read cached kernel " + file + ": " + e.getMessage(), e);
            }
        }
        KernelImage image = compiler.compile(source, arch, List.of());
        compiles.incrementAndGet();
        store(file, image.bytes());
        return image;
    }

    /**
     * The file name for an image: {@code <name>-<key>-nvrtc<version>-<arch>.<cubin|ptx>}, the key being
     * {@link #key(KernelSource, List)} of the source and the options a compile for {@code arch} passes.
     */
    public String fileName(KernelSource source, String arch, KernelImage.Format format) {
        String stem = source.name().replaceAll("\\.cu$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        String key = key(source, compiler.options(arch, List.of()));
        return stem + "-" + key + "-nvrtc" + compiler.version() + "-" + arch + "." + format.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The SHA-256 (hex) of everything a compile reads besides the compiler: the source text, each header's
     * include name and text in order, and the options. Every field is hashed with its length in front, so
     * no two different inputs run together into the same bytes.
     */
    public static String key(KernelSource source, List<String> options) {
        MessageDigest digest = sha256();
        field(digest, source.text());
        field(digest, Integer.toString(source.headers().size()));
        for (KernelSource.Header h : source.headers()) {
            field(digest, h.includeName());
            field(digest, h.text());
        }
        field(digest, Integer.toString(options.size()));
        options.forEach(o -> field(digest, o));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
        digest.update(bytes);
    }

    private void store(Path file, byte[] bytes) {
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, ".tmp-", ".part");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot write the kernel cache " + directory + " (set "
                    + CACHE_VARIABLE + " to a writable directory): " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required by the Java platform", e);
        }
    }
}
