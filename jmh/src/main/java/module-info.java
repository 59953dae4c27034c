/**
 * JMH benchmarks of Accel's kernels against reference libraries. Run them from the uber-jar
 * ({@code scripts/bench.sh}, or {@code java -jar jmh/target/benchmarks.jar}), which puts everything on the
 * class path, where this descriptor plays no part: it exists so that the module compiles and is checked like
 * every other one (the project's rule), and JMH itself is not modular.
 *
 * <p>{@code jmh.core} is an <em>automatic</em> module: jmh-core 1.37 has neither a {@code module-info} nor an
 * {@code Automatic-Module-Name}, so its name comes from the jar's file name ({@code jmh-core-1.37.jar} gives
 * {@code jmh.core}). That name is stable as long as Maven names the file {@code jmh-core-<version>.jar}, which it
 * always does, and this module is never published for others to require, so the usual objection to requiring
 * a file-name-derived module (a name that may change under downstream users) does not apply here; the
 * parent pom already silences javac's {@code requires-automatic} lint. The harness classes that JMH's
 * annotation processor generates ({@code dev.accel.jmh.jmh_generated}) compile into this module and need
 * nothing beyond {@code jmh.core}.
 */
module dev.accel.jmh {
    requires dev.accel.cpu;
    requires dev.accel.bindings;
    requires dev.accel.store;
    requires dev.accel.tokenizers;
    requires dev.accel.examples.bert;
    requires jmh.core;
    requires java.desktop;
    requires java.net.http;
    requires org.jfree.jfreechart;
    requires org.jfree.svg;
}
