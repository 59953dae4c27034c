package dev.accel.cuda.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a C header reader to check bindings: function prototypes (name → parameter types),
 * {@code #define NAME VALUE} aliases and constants, enum constants, and typedefs, so that each parameter type
 * can be classified by width.
 */
final class CHeader {
    final String text;
    final Map<String, List<String>> prototypes = new HashMap<>();
    final Map<String, String> returnTypes = new HashMap<>();
    final Map<String, String> defines = new HashMap<>();
    final Map<String, Long> enumConstants = new HashMap<>();
    final Map<String, String> typedefs = new HashMap<>();

    private CHeader(String raw) {
        String noComments = raw.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
        this.text = noComments;
        Matcher d = Pattern.compile("(?m)^\\s*#define\\s+(\\w+)\\s+(.+?)\\s*$").matcher(noComments);
        while (d.find()) {
            defines.putIfAbsent(d.group(1), d.group(2).trim());
        }
        Matcher e = Pattern.compile("\\b([A-Z][A-Z0-9_]+)\\s*=\\s*(-?0x[0-9A-Fa-f]+|-?\\d+)\\b").matcher(noComments);
        while (e.find()) {
            String v = e.group(2);
            boolean neg = v.startsWith("-");
            String digits = neg ? v.substring(1) : v;
            long value = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
            enumConstants.putIfAbsent(e.group(1), neg ? -value : value);
        }
        Matcher p = Pattern.compile("(?s)\\b(\\w+)(\\s*\\*\\s*|\\s+)(?:CUDAAPI\\s+|CUBLASWINAPI\\s+)?(\\w+)\\s*\\(([^()]*)\\)\\s*;").matcher(noComments);
        while (p.find()) {
            String name = p.group(3);
            if (prototypes.containsKey(name)) {
                continue;
            }
            String params = p.group(4).replaceAll("\\s+", " ").trim();
            List<String> list = new ArrayList<>();
            if (!params.isEmpty() && !params.equals("void")) {
                for (String param : params.split(",")) {
                    list.add(param.trim());
                }
            }
            prototypes.put(name, list);
            returnTypes.put(name, p.group(1) + (p.group(2).contains("*") ? "*" : ""));
        }
        Matcher t = Pattern.compile("(?m)^\\s*typedef\\s+([^;{}()]+?)\\s*\\b(\\w+)\\s*;").matcher(noComments);
        while (t.find()) {
            typedefs.putIfAbsent(t.group(2), t.group(1).trim());
        }
        Matcher en = Pattern.compile("(?s)typedef\\s+enum\\s*\\w*\\s*\\{[^}]*\\}\\s*(\\w+)\\s*;").matcher(noComments);
        while (en.find()) {
            typedefs.put(en.group(1), "int");
        }
    }

    static Optional<CHeader> find(String file) {
        List<Path> dirs = new ArrayList<>();
        for (String variable : List.of("ACCEL_CUDA_INCLUDE", "CUDA_HOME", "CUDA_PATH")) {
            String v = System.getenv(variable);
            if (v != null && !v.isBlank()) {
                dirs.add(variable.equals("ACCEL_CUDA_INCLUDE") ? Path.of(v) : Path.of(v, "include"));
            }
        }
        dirs.add(Path.of("/usr/local/cuda/include"));
        dirs.add(Path.of("/usr/local/cuda/targets/x86_64-linux/include"));
        for (Path dir : dirs) {
            Path f = dir.resolve(file);
            if (Files.isRegularFile(f)) {
                try {
                    return Optional.of(new CHeader(Files.readString(f)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.empty();
    }

    static String searched(String file) {
        return file + " not found in $ACCEL_CUDA_INCLUDE, $CUDA_HOME/include, $CUDA_PATH/include, /usr/local/cuda/include";
    }

    /** The header name whose {@code #define} resolves to {@code symbol} (e.g. cuMemAlloc for cuMemAlloc_v2), or symbol. */
    String declaredName(String symbol) {
        for (var entry : defines.entrySet()) {
            String target = entry.getValue().replaceAll("__CUDA_API_PTSZ\\((\\w+)\\)|__CUDA_API_PTDS\\((\\w+)\\)", "$1$2");
            if (target.equals(symbol) && prototypes.containsKey(entry.getKey())) {
                return entry.getKey();
            }
        }
        return symbol;
    }

    /** Byte width of a C parameter or return type: 8 for pointers, per typedef otherwise. */
    long width(String declaration) {
        String d = declaration.replaceAll("\\bconst\\b", " ").trim();
        if (d.contains("*") || d.contains("[")) {
            return 8;
        }
        // drop the parameter name: the type is everything but the last identifier when there are several words
        String[] words = d.split("\\s+");
        String type = words.length > 1 && !isTypeWord(words[words.length - 1])
                ? String.join(" ", java.util.Arrays.copyOf(words, words.length - 1)) : d;
        return typeWidth(type, 0);
    }

    private static boolean isTypeWord(String w) {
        return List.of("int", "char", "long", "float", "double", "short", "void", "size_t").contains(w);
    }

    private long typeWidth(String type, int depth) {
        String t = type.replaceAll("\\bconst\\b|\\benum\\b", " ").replaceAll("\\s+", " ").trim();
        if (t.contains("*")) {
            return 8;
        }
        switch (t) {
            case "int", "unsigned int", "unsigned", "float", "int32_t", "uint32_t" -> { return 4; }
            case "long long", "unsigned long long", "long long int", "unsigned long long int", "size_t", "long",
                 "unsigned long", "double", "int64_t", "uint64_t", "cuuint64_t" -> { return 8; }
            case "char", "unsigned char", "signed char" -> { return 1; }
            case "short", "unsigned short" -> { return 2; }
            default -> { }
        }
        if (depth > 10) {
            throw new IllegalStateException("typedef loop at " + t);
        }
        String def = typedefs.get(t);
        if (def == null) {
            throw new IllegalStateException("unknown C type '" + t + "'");
        }
        if (def.startsWith("struct ") && !def.contains("*")) {
            throw new IllegalStateException("struct by value: " + t);
        }
        return typeWidth(def, depth + 1);
    }
}
