package dev.accel.cuda.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helpers over the kernel source resources. */
final class KernelSources {
    static final String PRELUDE_BEGIN = "// ---- prelude begin";
    static final String PRELUDE_END = "// ---- prelude end ----";

    private KernelSources() {
    }

    static String text(Kernel.Source source) {
        try (InputStream in = KernelSources.class.getResourceAsStream(source.resource())) {
            if (in == null) {
                throw new AssertionError("kernel source resource missing: " + source.resource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The shared prelude of a source, markers included. */
    static String prelude(String text) {
        int b = text.indexOf(PRELUDE_BEGIN);
        int e = text.indexOf(PRELUDE_END);
        if (b < 0 || e < b) {
            throw new AssertionError("no prelude markers");
        }
        return text.substring(b, e + PRELUDE_END.length());
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
