package dev.accel.jmh;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.accel.memory.MemoryScope;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.store.local.MappedFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Memory taken by one session creation, per variant of {@link SessionCreateBenchmark}, in a fresh JVM
 * each (JMH cannot see native memory): run
 * {@code java --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar dev.accel.jmh.SessionRssProbe FROM}
 * with {@code FROM} one of {@code store-mapped}, {@code ort-mapped}, {@code path}, {@code bytes}.
 *
 * <p>It loads ONNX Runtime and opens the store first (so the native library and the JDK's own start-up are
 * in the baseline), then reads {@code /proc/self/status} before creating the session, right after it
 * (source still held: the mapping or the {@code byte[]}), and after the source is released and a full GC
 * has run. It prints one line per reading with {@code VmRSS}, {@code VmHWM} (peak resident set),
 * {@code RssAnon} (private memory: the Java heap's touched pages, ONNX Runtime's copy of the weights and
 * its optimized graph) and {@code RssFile} (file pages mapped by this process: the model's mapping, the
 * JDK's and ONNX Runtime's libraries). Numbers are in MiB. The Java heap allocated per creation is measured
 * by {@link SessionCreateBenchmark} with {@code -prof gc} ({@code gc.alloc.rate.norm}); this module does not
 * read {@code java.management}.
 */
public final class SessionRssProbe {
    private SessionRssProbe() {
    }

    public static void main(String[] args) throws Exception {
        String from = args.length > 0 ? args[0] : "store-mapped";
        SessionOptions options = SessionOptions.defaults().withIntraOpThreads(1).withInterOpThreads(1);
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "accel");
        var runtime = ModelRuntimes.forFormat("onnx");
        try (ModelFixture fixture = ModelFixture.open(); OrtSession.SessionOptions so = SessionCreateBenchmark.ortOptions(options)) {
            Path file = fixture.modelPath();
            long size = Files.size(file);
            System.gc();
            Map<String, Long> before = status();
            AutoCloseable session;
            Map<String, Long> created;
            switch (from) {
                case "store-mapped", "ort-mapped" -> {
                    try (MemoryScope scope = MemoryScope.confined()) {
                        MappedFile model = fixture.mapModel(scope);
                        session = from.equals("store-mapped") ? runtime.open(model.memory(), options)
                                : env.createSession(model.segment().asByteBuffer(), so);
                        created = status();
                    }
                }
                case "path" -> {
                    session = env.createSession(file.toString(), so);
                    created = status();
                }
                case "bytes" -> {
                    byte[] bytes = Files.readAllBytes(file);
                    session = env.createSession(bytes, so);
                    created = status();
                    bytes = null;
                }
                default -> throw new IllegalArgumentException("FROM must be store-mapped, ort-mapped, path or bytes: " + from);
            }
            System.gc();
            Map<String, Long> released = status();
            System.out.printf(Locale.ROOT, "model %s (%.1f MiB), from %s%n", file, size / 1048576.0, from);
            print("before", before, before);
            print("created (source held)", created, before);
            print("source released, GC", released, before);
            if (session instanceof ModelSession m) {
                m.close();
            } else {
                session.close();
            }
        }
    }

    private static void print(String label, Map<String, Long> s, Map<String, Long> base) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-24s", label));
        for (var e : s.entrySet()) {
            long delta = e.getValue() - base.get(e.getKey());
            b.append(String.format(Locale.ROOT, " %s %7.1f (%+7.1f)", e.getKey(), e.getValue() / 1024.0, delta / 1024.0));
        }
        System.out.println(b);
    }

    /** VmRSS, VmHWM, RssAnon, RssFile of this process, in KiB. */
    private static Map<String, Long> status() throws java.io.IOException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            for (String key : new String[] {"VmRSS", "VmHWM", "RssAnon", "RssFile"}) {
                if (line.startsWith(key + ":")) {
                    m.put(key, Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim()));
                }
            }
        }
        return m;
    }
}
