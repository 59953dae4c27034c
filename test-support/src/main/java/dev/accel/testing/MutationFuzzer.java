package dev.accel.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A small structure-aware mutational fuzzer, shared by the modules' tests (scope {@code test}; Jazzer cannot instrument JDK 25 class files, see
 * {@code docs/reliability.md}). It starts from the seed corpus in {@code src/test/resources/fuzz/<target>/}
 * (every seed is always run first, so crashing inputs kept there are regression tests), then mutates seeds
 * with a seeded {@link Random}: bit flips, interesting bytes, truncations, insertions, deletions, duplicated
 * ranges, splices of two seeds, varints and 2/4/8-byte integers overwritten with boundary values, and
 * dictionary tokens for text formats. Inputs the target accepts join the corpus (up to a cap), so later
 * mutations start from deeper, valid inputs.
 *
 * <p>Each input runs on a worker thread under a timeout ({@code fuzz.timeoutSeconds}, default 10 s): a hang,
 * an {@link OutOfMemoryError}, or any throwable that is not one of the target's documented exceptions is a
 * finding. Findings are written to {@code target/fuzz-findings/<target>/} and fail the test with the first
 * one's stack trace.
 *
 * <p>Budget: {@code iterations} per target in the default run; {@code -Dfuzz.seconds=N} runs each target for
 * N seconds instead (the long run), {@code -Dfuzz.seed=S} changes the random seed (default 1).
 */
public final class MutationFuzzer {
    /** The code under test: returns normally for accepted input, throws for refused input. */
    @FunctionalInterface
    public interface Target {
        void run(byte[] input) throws Exception;
    }

    /** What one run did. */
    public record Result(String target, long executions, long accepted, long refused, int seeds, int corpus, List<String> findings) {
        @Override
        public String toString() {
            return String.format("fuzz %s: %d executions (%d accepted, %d refused with the documented exception), %d seeds, corpus %d, %d findings",
                    target, executions, accepted, refused, seeds, corpus, findings.size());
        }
    }

    private static final int MAX_CORPUS = 512;
    private static final int MAX_INPUT = 1 << 20;
    private static final long[] INTERESTING = {0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFF_FFFFL,
            0x8000_0000L, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE, 2L * 1024 * 1024, 2L * 1024 * 1024 + 1, 1L << 40, -1};

    private final String target;
    private final List<Class<? extends Throwable>> allowed;
    private final List<byte[]> dictionary = new ArrayList<>();
    private final Random random;

    /**
     * @param target  the corpus folder's name under {@code fuzz/}
     * @param allowed the exception types the parser documents (subclasses included)
     */
    @SafeVarargs
    public MutationFuzzer(String target, Class<? extends Throwable>... allowed) {
        this.target = target;
        this.allowed = List.of(allowed);
        this.random = new Random(Long.getLong("fuzz.seed", 1) * 31 + target.hashCode());
    }

    /** Adds text tokens that mutations may insert (JSON punctuation, keys, numbers). */
    public MutationFuzzer dictionary(String... tokens) {
        for (String t : tokens) {
            dictionary.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** Loads the seed corpus of this target from the test class path. */
    public List<byte[]> seeds() throws IOException {
        URL url = MutationFuzzer.class.getResource("/fuzz/" + target);
        if (url == null) {
            throw new IllegalStateException("no seed corpus at src/test/resources/fuzz/" + target);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<byte[]> seeds = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
            if (seeds.isEmpty()) {
                throw new IllegalStateException("the seed corpus of " + target + " is empty");
            }
            return seeds;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Runs the seeds, then {@code iterations} mutated inputs (or {@code fuzz.seconds} seconds of them). */
    public Result run(int iterations, Target code) throws IOException, InterruptedException {
        return run(seeds(), iterations, code);
    }

    public Result run(List<byte[]> seeds, int iterations, Target code) throws IOException, InterruptedException {
        long seconds = Long.getLong("fuzz.seconds", 0);
        long timeoutSeconds = Long.getLong("fuzz.timeoutSeconds", 10);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<byte[]> corpus = new ArrayList<>(seeds);
        Set<Integer> known = new HashSet<>();
        List<String> findings = new ArrayList<>();
        long executions = 0;
        long accepted = 0;
        long refused = 0;
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + target);
            t.setDaemon(true);
            return t;
        });
        try {
            for (long i = 0; ; i++) {
                boolean seed = i < seeds.size();
                if (!seed && (seconds > 0 ? System.nanoTime() > deadline : i >= seeds.size() + iterations)) {
                    break;
                }
                byte[] input = seed ? seeds.get((int) i) : mutate(corpus);
                executions++;
                Future<?> f = worker.submit(() -> {
                    code.run(input);
                    return null;
                });
                Throwable failure = null;
                try {
                    f.get(timeoutSeconds, TimeUnit.SECONDS);
                    accepted++;
                    if (!seed && corpus.size() < MAX_CORPUS && known.add(java.util.Arrays.hashCode(input))) {
                        corpus.add(input);
                    }
                } catch (ExecutionException e) {
                    Throwable t = e.getCause();
                    if (isAllowed(t)) {
                        refused++;
                    } else {
                        failure = t;
                    }
                } catch (TimeoutException e) {
                    f.cancel(true);
                    failure = new AssertionError("no result within " + timeoutSeconds + " s (hang)");
                    // the stuck thread cannot be stopped; go on with a fresh worker
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor();
                }
                if (failure != null) {
                    findings.add(record(input, failure));
                    if (findings.size() >= 5) {
                        break;
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return new Result(target, executions, accepted, refused, seeds.size(), corpus.size(), findings);
    }

    private boolean isAllowed(Throwable t) {
        if (t instanceof Error) {
            return false;
        }
        for (Class<? extends Throwable> c : allowed) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private String record(byte[] input, Throwable failure) throws IOException {
        Path dir = Path.of("target", "fuzz-findings", target);
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("finding-%08x.bin", java.util.Arrays.hashCode(input)));
        Files.write(file, input);
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        Files.writeString(dir.resolve(file.getFileName() + ".txt"), trace.toString());
        return file.toAbsolutePath() + ": " + trace;
    }

    // ------------------------------------------------------------------ mutations

    private byte[] mutate(List<byte[]> corpus) {
        byte[] in = corpus.get(random.nextInt(corpus.size())).clone();
        int rounds = 1 + random.nextInt(random.nextInt(8) + 1);
        for (int r = 0; r < rounds; r++) {
            in = mutateOnce(in, corpus);
            if (in.length > MAX_INPUT) {
                in = java.util.Arrays.copyOf(in, MAX_INPUT);
            }
        }
        return in;
    }

    private byte[] mutateOnce(byte[] in, List<byte[]> corpus) {
        int n = in.length;
        int op = random.nextInt(dictionary.isEmpty() ? 11 : 13);
        if (n == 0 && op < 9) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        switch (op) {
            case 0 -> in[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> in[random.nextInt(n)] = (byte) INTERESTING[random.nextInt(5)];
            case 2 -> in[random.nextInt(n)] = (byte) random.nextInt(256);
            case 3 -> {
                return java.util.Arrays.copyOf(in, random.nextInt(n));
            }
            case 4 -> {
                int at = random.nextInt(n);
                int len = 1 + random.nextInt(Math.min(n - at, 64));
                return concat(slice(in, 0, at), slice(in, at + len, n));
            }
            case 5 -> {
                byte[] junk = new byte[1 + random.nextInt(16)];
                random.nextBytes(junk);
                int at = random.nextInt(n + 1);
                return concat(slice(in, 0, at), junk, slice(in, at, n));
            }
            case 6 -> {
                int at = random.nextInt(n);
                int len = 1 + random.nextInt(Math.min(n - at, 256));
                int to = random.nextInt(n + 1);
                return concat(slice(in, 0, to), slice(in, at, at + len), slice(in, to, n));
            }
            case 7 -> {
                // overwrite a varint (or put one) with a boundary value
                int at = random.nextInt(n);
                int old = 0;
                while (at + old < n && old < 10 && (in[at + old] & 0x80) != 0) {
                    old++;
                }
                old = Math.min(old + 1, n - at);
                long v = INTERESTING[random.nextInt(INTERESTING.length)];
                v = v < 0 ? random.nextLong() >>> 1 : v + random.nextInt(3) - 1;
                return concat(slice(in, 0, at), varint(Math.max(0, v)), slice(in, at + old, n));
            }
            case 8 -> {
                // a 2, 4 or 8-byte integer, little- or big-endian
                int width = 1 << (1 + random.nextInt(3));
                if (n < width) {
                    return in;
                }
                int at = random.nextInt(n - width + 1);
                long v = INTERESTING[random.nextInt(INTERESTING.length)];
                boolean little = random.nextBoolean();
                for (int i = 0; i < width; i++) {
                    int shift = 8 * (little ? i : width - 1 - i);
                    in[at + i] = (byte) (v >>> shift);
                }
            }
            case 9 -> {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int a = random.nextInt(n + 1);
                int b = random.nextInt(other.length + 1);
                return concat(slice(in, 0, a), slice(other, b, other.length));
            }
            case 10 -> {
                // the same block again: repeated sections, links, entries
                int reps = 1 + random.nextInt(4);
                byte[] out = in;
                for (int i = 0; i < reps; i++) {
                    out = concat(out, in);
                }
                return out;
            }
            default -> {
                byte[] token = dictionary.get(random.nextInt(dictionary.size()));
                int at = random.nextInt(n + 1);
                if (op == 11 || n == 0) {
                    return concat(slice(in, 0, at), token, slice(in, at, n));
                }
                int end = Math.min(n, at + token.length);
                return concat(slice(in, 0, at), token, slice(in, end, n));
            }
        }
        return in;
    }

    private static byte[] varint(long v) {
        byte[] out = new byte[10];
        int i = 0;
        while ((v & ~0x7FL) != 0) {
            out[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[i++] = (byte) v;
        return java.util.Arrays.copyOf(out, i);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), Math.min(Math.max(from, to), b.length));
    }

    private static byte[] concat(byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        byte[] out = new byte[len];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
