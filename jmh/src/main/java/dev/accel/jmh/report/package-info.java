/**
 * The benchmark report: reads every JMH JSON result in {@code docs/benchmarks/} (with the {@code .machine.txt}
 * beside it) and writes {@code docs/benchmarks.md} from {@code docs/benchmarks/report-template.md}, plus one SVG
 * chart per benchmark group ({@code docs/benchmarks/charts/}, JFreeChart drawn through JFreeSVG). Entry point:
 * {@link dev.accel.jmh.report.BenchmarkReport}, run by {@code scripts/bench.sh --report}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Every number in the report comes from a result file: tables, the summary, and the figures quoted in
 *       the prose ({@code {{ratio:...}}}, {@code {{value:...}}} placeholders). Prose lives in the template.</li>
 *   <li>A group ({@code Groups}) names Accel's side of a comparison and its anchors. An anchor's number is only
 *       ever taken from the same run as Accel's, and the ratio is Accel's speed relative to the anchor (above 1:
 *       Accel does better), its error propagated to first order from JMH's two 99.9 % half-widths.</li>
 *   <li>When several runs measured the same case, the row comes from a run with two or more forks first, then
 *       the newest. Whatever no run measured is shown as "no result" with the reason, never left out
 *       silently; an unknown placeholder or group is an error and nothing is written.</li>
 *   <li>Output is deterministic: regenerating from the same files gives the same bytes (charts included).</li>
 * </ul>
 */
package dev.accel.jmh.report;
