package dev.accel.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One JMH run stored in {@code docs/benchmarks/}: {@code NAME.json} (JMH's results) and {@code NAME.machine.txt}
 * (the machine, written by {@code scripts/bench.sh}: {@code key: value} lines, continuation lines indented).
 *
 * @param name the file stem, e.g. {@code 2026-11-23-matmul}
 * @param date when it ran: the machine file's {@code date:} field, else the date the name starts with
 * @param machine the machine file's fields in file order (empty when there is no machine file)
 * @param results JMH's results
 */
record BenchmarkRun(String name, String date, Map<String, String> machine, List<JmhResult> results) {
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z][A-Za-z0-9 ()/_.-]*):\\s*(.*)$");
    private static final Pattern LEADING_DATE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})");

    BenchmarkRun {
        machine = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        results = List.copyOf(results);
    }

    /** A machine field, or {@code ""} when the file does not have it. */
    String field(String key) {
        return machine.getOrDefault(key, "");
    }

    /** The most forks any result of this run had. */
    int forks() {
        return results.stream().mapToInt(JmhResult::forks).max().orElse(0);
    }

    /** Reads every {@code *.json} in {@code dir} with its machine file, sorted by name. */
    static List<BenchmarkRun> readAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory (expected the folder of JMH JSON results)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<BenchmarkRun> runs = new ArrayList<>();
        for (Path json : files) {
            runs.add(read(json));
        }
        return runs;
    }

    /** Reads one JSON file and the {@code .machine.txt} beside it (if any). */
    static BenchmarkRun read(Path json) throws IOException {
        String file = json.getFileName().toString();
        String name = file.substring(0, file.length() - ".json".length());
        List<JmhResult> results;
        try {
            results = JmhResult.parseAll(Files.readString(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": " + e.getMessage(), e);
        }
        Path machineFile = json.resolveSibling(name + ".machine.txt");
        Map<String, String> machine = Files.exists(machineFile)
                ? parseMachine(Files.readAllLines(machineFile, StandardCharsets.UTF_8)) : Map.of();
        return new BenchmarkRun(name, dateOf(name, machine), machine, results);
    }

    /**
     * Parses a machine file: {@code key: value} lines; an indented line continues the previous value; the
     * first occurrence of a key wins; from the first line starting with {@code #} on, the file is free text
     * (probe output) and is not read.
     */
    static Map<String, String> parseMachine(List<String> lines) {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : lines) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher m = FIELD.matcher(line);
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && m.matches()) {
                last = m.group(1).trim();
                if (fields.containsKey(last)) {
                    last = null; // a repeated key: keep the first, ignore its continuation lines
                } else {
                    fields.put(last, m.group(2).trim());
                }
            } else if (last != null && !line.isBlank()) {
                fields.put(last, fields.get(last) + "\n" + line.trim());
            }
        }
        return fields;
    }

    private static String dateOf(String name, Map<String, String> machine) {
        String date = machine.getOrDefault("date", "").split("\\s+")[0];
        if (!date.isEmpty()) {
            return date;
        }
        Matcher m = LEADING_DATE.matcher(name);
        return m.find() ? m.group(1) : "";
    }
}
