package dev.accel.jmh.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A group's rows computed from every run: for each Accel result and quantity, the value, each anchor's value
 * from the same run and the ratio to it.
 *
 * <p>Which run a row comes from: when several runs measured the same case, the row is taken from the most
 * honest, newest one: runs with two or more forks before runs with one, then the newest {@code date}, then the
 * name. One row never mixes runs: an anchor is only ever compared with Accel's result of its own run.
 */
final class GroupTable {
    /** Minimum forks for a run to be preferred (JMH's run-to-run variance needs more than one JVM). */
    static final int HONEST_FORKS = 2;

    /** Orders runs from the most to the least preferred. */
    static final Comparator<BenchmarkRun> PREFERENCE = Comparator
            .comparing((BenchmarkRun r) -> r.forks() >= HONEST_FORKS).reversed()
            .thenComparing(BenchmarkRun::date, Comparator.reverseOrder())
            .thenComparing(BenchmarkRun::name, Comparator.reverseOrder());

    /**
     * One row.
     *
     * @param label the case and, when the group shows several quantities, the quantity
     * @param quantity what is shown
     * @param run the run it comes from
     * @param accel Accel's value
     * @param anchors each anchor's value, in the group's anchor order (empty where the run has none)
     * @param ratios Accel against each anchor ({@link Measured#ratio}), empty where the anchor is missing
     */
    record Row(String label, Quantity quantity, BenchmarkRun run, Measured accel, List<Optional<Measured>> anchors,
               List<Optional<Measured>> ratios) {
    }

    private final Group group;
    private final List<Row> rows;

    private GroupTable(Group group, List<Row> rows) {
        this.group = group;
        this.rows = List.copyOf(rows);
    }

    Group group() {
        return group;
    }

    List<Row> rows() {
        return rows;
    }

    /** The runs the rows come from, most preferred first. */
    List<BenchmarkRun> runs() {
        Set<BenchmarkRun> runs = new LinkedHashSet<>();
        rows.stream().map(Row::run).sorted(PREFERENCE).forEach(runs::add);
        return List.copyOf(runs);
    }

    /** Whether any row has a value for anchor {@code index}. */
    boolean anchorMeasured(int index) {
        return rows.stream().anyMatch(r -> r.anchors().get(index).isPresent());
    }

    /** The row with this label, if any. */
    Optional<Row> row(String label) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst();
    }

    /** Builds the group's rows from all runs. */
    static GroupTable of(Group group, List<BenchmarkRun> runs) {
        List<BenchmarkRun> ordered = runs.stream().sorted(PREFERENCE).toList();
        Map<String, Row> byLabel = new LinkedHashMap<>();
        for (BenchmarkRun run : ordered) {
            for (JmhResult accel : run.results()) {
                if (!group.isAccel().test(accel)) {
                    continue;
                }
                for (Quantity q : group.quantities()) {
                    Optional<Measured> value = q.read(accel);
                    if (value.isEmpty()) {
                        continue;
                    }
                    String label = group.quantities().size() > 1
                            ? group.rowLabel().apply(accel) + ", " + q.label()
                            : group.rowLabel().apply(accel);
                    if (label.contains(":")) {
                        throw new IllegalStateException("group " + group.id() + ": row label '" + label
                                + "' contains ':', which the template's {{ratio:...}} syntax reserves");
                    }
                    if (byLabel.containsKey(label)) {
                        continue; // a more preferred run already has this case
                    }
                    List<Optional<Measured>> anchors = new ArrayList<>();
                    List<Optional<Measured>> ratios = new ArrayList<>();
                    for (Group.Anchor anchor : group.anchors()) {
                        Optional<Measured> a = anchor.finder().find(accel, run.results()).flatMap(q::read);
                        anchors.add(a);
                        ratios.add(a.filter(m -> m.value() > 0 && value.get().value() > 0)
                                .map(m -> Measured.ratio(value.get(), m, q.higherIsBetter())));
                    }
                    byLabel.put(label, new Row(label, q, run, value.get(), anchors, ratios));
                }
            }
        }
        List<Row> rows = new ArrayList<>(byLabel.values());
        rows.sort(Comparator.comparingInt(r -> order(group, r.label()))); // stable: other rows keep their order
        return new GroupTable(group, rows);
    }

    /** A row's place in the group's {@code expectedRows} (the first one its label starts with), else last. */
    private static int order(Group group, String label) {
        List<String> expected = group.expectedRows();
        for (int i = 0; i < expected.size(); i++) {
            if (label.startsWith(expected.get(i))) {
                return i;
            }
        }
        return expected.size();
    }
}
