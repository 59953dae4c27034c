package dev.accel.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of a long store operation, on standard error. Silent for the first second (short operations
 * print nothing); then, on a terminal, a bar redrawn in place at most ten times a second with bytes, rate
 * and ETA; elsewhere, a plain line every five seconds. {@link #done()} ends the bar or prints a last line,
 * only if anything was shown. Not thread-safe: feed it from one thread.
 */
final class StoreProgress implements LongConsumer {
    private static final long SILENT_NS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final LongSupplier clock;
    private final long start;
    private long done;
    private long lastDraw;
    private boolean shown;

    StoreProgress(PrintWriter err, boolean terminal, String label, long total, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastDraw = start - (1L << 62);
    }

    /** A progress display for {@code total} bytes ({@code <= 0}: unknown), on a terminal if there is one. */
    static StoreProgress of(PrintWriter err, String label, long total) {
        var console = System.console();
        return new StoreProgress(err, console != null && console.isTerminal(), label, total, System::nanoTime);
    }

    @Override
    public void accept(long bytes) {
        done += bytes;
        long now = clock.getAsLong();
        if (now - start < SILENT_NS || now - lastDraw < (terminal ? 100_000_000L : 5_000_000_000L)) {
            return;
        }
        lastDraw = now;
        shown = true;
        if (terminal) {
            err.print("\r" + line(now) + "   ");
        } else {
            err.println(line(now));
        }
        err.flush();
    }

    /** Ends the display (a newline after a bar; a final line if lines were printed). */
    void done() {
        if (!shown) {
            return;
        }
        long now = clock.getAsLong();
        if (terminal) {
            err.println("\r" + line(now) + "   ");
        } else {
            err.println(line(now) + " done");
        }
        err.flush();
    }

    String line(long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / secs;
        StringBuilder b = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            if (terminal) {
                int w = 30;
                int full = (int) Math.round(f * w);
                b.append('[').append("#".repeat(full)).append(".".repeat(w - full)).append("] ");
            }
            b.append(String.format(Locale.ROOT, "%3.0f%% ", f * 100)).append(bytes(done)).append(" / ").append(bytes(total));
            long left = Math.max(0, total - done);
            b.append(", ").append(bytes((long) rate)).append("/s, ETA ").append(rate > 0 ? duration((long) (left / rate)) : "?");
        } else {
            b.append(bytes(done)).append(", ").append(bytes((long) rate)).append("/s");
        }
        return b.toString();
    }

    static String bytes(long v) {
        double b = v;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }

    static String duration(long secs) {
        return secs >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", secs / 3600, secs / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", secs / 60, secs % 60);
    }
}
