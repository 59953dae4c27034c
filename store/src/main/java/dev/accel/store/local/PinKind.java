package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.util.Locale;

/** How a pin keeps blocks: the root alone ({@link #DIRECT}) or the whole DAG under it ({@link #RECURSIVE}). */
public enum PinKind {
    /** Keeps only the pinned block. */
    DIRECT,
    /** Keeps the pinned block and every block reachable from it. */
    RECURSIVE;

    /** The lower-case name, as written in the pin file and the CLI. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code direct} or {@code recursive}. */
    public static PinKind byLabel(String label) {
        for (PinKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new AccelException(ErrorCode.INVALID_ARGUMENT, "unknown pin kind \"" + label + "\"; use direct or recursive");
    }
}
