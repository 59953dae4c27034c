package dev.accel.jmh.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One table of the report: Accel's results for one thing measured, each beside its anchors from the same run.
 *
 * @param id the name templates use ({@code {{group:matmul}}}), also the chart's file name
 * @param title the table's heading in the summary
 * @param accelLabel the heading of Accel's column
 * @param isAccel which results are Accel's side
 * @param rowLabel the row's name for one Accel result (its parameters, in words); must not contain ':'
 * @param quantities the numbers shown per Accel result, one row each when the result has them
 * @param anchors the references, each found in the same run as the Accel result
 * @param notRun when no run has this group: why (shown as "No result: ..."), with {@code expectedRows}
 * @param expectedRows the rows a run would show, listed when the group was not run; rows whose label starts
 *                     with one of them are shown in this order, before any other row
 */
record Group(String id, String title, String accelLabel, Predicate<JmhResult> isAccel,
             Function<JmhResult, String> rowLabel, List<Quantity> quantities, List<Anchor> anchors, String notRun,
             List<String> expectedRows) {

    Group {
        Objects.requireNonNull(id);
        quantities = List.copyOf(quantities);
        anchors = List.copyOf(anchors);
        expectedRows = List.copyOf(expectedRows);
        if (quantities.isEmpty()) {
            throw new IllegalArgumentException("group " + id + " has no quantity to show");
        }
    }

    /** Finds an anchor's result for one Accel result among the results of the same run. */
    @FunctionalInterface
    interface Finder {
        Optional<JmhResult> find(JmhResult accel, List<JmhResult> sameRun);
    }

    /**
     * A reference measured beside Accel.
     *
     * @param label the column heading
     * @param finder finds its result for an Accel result in the same run
     * @param notRun when no run has it: why (shown under the table); empty when it is expected to be there
     */
    record Anchor(String label, Finder finder, String notRun) {
        Anchor(String label, Finder finder) {
            this(label, finder, "");
        }
    }

    /**
     * The result of benchmark {@code Class.method} (simple class name) with the Accel result's parameters,
     * some replaced by {@code overrides}.
     */
    static Finder same(String classAndMethod, Map<String, String> overrides) {
        return (accel, run) -> {
            Map<String, String> want = new java.util.HashMap<>(accel.params());
            want.putAll(overrides);
            return run.stream()
                    .filter(r -> r.shortName().equals(classAndMethod) && r.params().equals(want))
                    .findFirst();
        };
    }

    /** The result of benchmark {@code Class.method} (simple class name) whatever its parameters. */
    static Finder any(String classAndMethod) {
        return (accel, run) -> run.stream().filter(r -> r.shortName().equals(classAndMethod)).findFirst();
    }

    /** An anchor no benchmark of the suite produces yet. */
    static Finder none() {
        return (accel, run) -> Optional.empty();
    }
}
