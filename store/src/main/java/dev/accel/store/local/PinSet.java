package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.cid.Cid;
import dev.accel.store.internal.AtomicFiles;
import dev.accel.store.internal.StoreLock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable pin set: a text file {@code pins} with one {@code CID recursive|direct} per line, rewritten
 * atomically (temporary file, fsync, rename, folder fsync) under the metadata lock on every change, so a
 * crash leaves the old set or the new one and two processes never lose each other's changes. A recursive
 * pin supersedes a direct one on the same CID. A line that does not parse makes every read fail with
 * {@link ErrorCode#MALFORMED_INPUT} naming the file and line (and so stops GC), never skipped.
 *
 * <p>Callers that pin blocks just written hold the store's shared lease (as {@link ModelStore} does);
 * thread-safe.
 */
public final class PinSet {
    private final StoreLayout layout;
    private final StoreLock lock;

    PinSet(StoreLayout layout, StoreLock lock) {
        this.layout = layout;
        this.lock = lock;
    }

    /** A snapshot of all pins, ordered by CID. */
    public Map<Cid, PinKind> list() {
        return Collections.unmodifiableMap(read());
    }

    /**
     * Adds a pin. Pinning recursively a CID pinned directly upgrades it; pinning directly a CID pinned
     * recursively changes nothing.
     *
     * @return the kind the CID is pinned with afterwards
     */
    public PinKind add(Cid cid, PinKind kind) {
        try (StoreLock.Lease shared = lock.shared(); StoreLock.Lease meta = lock.metadata()) {
            TreeMap<Cid, PinKind> pins = read();
            PinKind old = pins.get(cid);
            if (old == PinKind.RECURSIVE || old == kind) {
                return old;
            }
            pins.put(cid, kind);
            write(pins);
            return kind;
        }
    }

    /** Removes the pin of {@code cid}, whatever its kind; returns the kind it had, or {@code null} if none. */
    public PinKind remove(Cid cid) {
        try (StoreLock.Lease shared = lock.shared(); StoreLock.Lease meta = lock.metadata()) {
            TreeMap<Cid, PinKind> pins = read();
            PinKind old = pins.remove(cid);
            if (old != null) {
                write(pins);
            }
            return old;
        }
    }

    private TreeMap<Cid, PinKind> read() {
        TreeMap<Cid, PinKind> pins = new TreeMap<>();
        String text;
        try {
            text = Files.readString(layout.pins, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return pins;
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read the pin set " + layout.pins + ": " + e.getMessage(), e);
        }
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.strip().split(" ");
            try {
                if (parts.length != 2) {
                    throw new IllegalArgumentException("expected \"CID recursive|direct\"");
                }
                pins.merge(Cid.parse(parts[0]), PinKind.byLabel(parts[1]), (a, b) -> a == PinKind.RECURSIVE ? a : b);
            } catch (RuntimeException e) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "pin set " + layout.pins + " line " + n + " is malformed ("
                        + e.getMessage() + "); fix or remove that line", e);
            }
        }
        return pins;
    }

    private void write(TreeMap<Cid, PinKind> pins) {
        StringBuilder b = new StringBuilder("# accel pin set: CID kind\n");
        pins.forEach((cid, kind) -> b.append(cid).append(' ').append(kind.label()).append('\n'));
        AtomicFiles.write(layout.pins, b.toString().getBytes(StandardCharsets.UTF_8), layout.tmp);
    }

    Path file() {
        return layout.pins;
    }
}
