package dev.accel.cli;

import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.Backends;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** {@code accel devices}: every backend Accel knows, available or not, and each device's capabilities. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List every backend Accel knows, available or not (with the reason), and each device with its capabilities.",
                "Backends whose module is not part of this build are listed as such."})
final class DevicesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<Row> rows = rows();
        if (json) {
            out.println(Json.write(rows.stream().map(Row::toJson).toList()));
        } else {
            for (Row r : rows) {
                out.printf("%-9s %-11s %s%n", r.backend, r.available ? "available" : "unavailable", r.reason);
                for (Device d : r.devices) {
                    out.printf("  %-8s %-4s %s%n", d.name(), d.kind(), d.description());
                    out.printf("           memory: total %s, free %s; kinds %s%n", bytes(d.totalMemory()), bytes(d.freeMemory()), d.memoryKinds());
                    out.printf("           caps: %s%n", caps(d.caps()));
                }
            }
        }
    }

    record Row(String backend, boolean available, String reason, List<Device> devices) {
        Map<String, Object> toJson() {
            List<Object> devs = new ArrayList<>();
            for (Device d : devices) {
                DeviceCaps c = d.caps();
                devs.add(JsonObjects.of(
                        "name", d.name(), "kind", d.kind().name(), "description", d.description(),
                        "totalMemory", d.totalMemory().isPresent() ? d.totalMemory().getAsLong() : null,
                        "freeMemory", d.freeMemory().isPresent() ? d.freeMemory().getAsLong() : null,
                        "memoryKinds", d.memoryKinds().stream().map(Enum::name).toList(),
                        "caps", JsonObjects.of("asyncCopies", c.asyncCopies(), "pinnedHost", c.pinnedHost(),
                                "bufferFromHostPointer", c.bufferFromHostPointer(), "mappedFiles", c.mappedFiles(), "events", c.events())));
            }
            return JsonObjects.of("backend", backend, "available", available, "reason", reason, "devices", devs);
        }
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Backend b : Backends.all()) {
            Availability a;
            List<Device> devices;
            try {
                a = b.availability();
                devices = a.available() ? b.devices() : List.of();
            } catch (RuntimeException e) {
                a = Availability.unavailable("availability check failed: " + e);
                devices = List.of();
            }
            rows.add(new Row(b.name(), a.available(), a.reason(), devices));
            seen.add(b.name().toLowerCase(Locale.ROOT));
        }
        for (String known : Backends.KNOWN) {
            if (!seen.contains(known)) {
                rows.add(new Row(known, false, "not in this build: module native-" + known + " is not on the module path", List.of()));
            }
        }
        return rows;
    }

    private static String caps(DeviceCaps c) {
        List<String> s = new ArrayList<>();
        s.add((c.asyncCopies() ? "+" : "-") + "async-copies");
        s.add((c.pinnedHost() ? "+" : "-") + "pinned-host");
        s.add((c.bufferFromHostPointer() ? "+" : "-") + "buffer-from-host-ptr");
        s.add((c.mappedFiles() ? "+" : "-") + "mapped-files");
        s.add((c.events() ? "+" : "-") + "events");
        return String.join(" ", s);
    }

    static String bytes(OptionalLong v) {
        if (v.isEmpty()) {
            return "unknown";
        }
        double b = v.getAsLong();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }
}
