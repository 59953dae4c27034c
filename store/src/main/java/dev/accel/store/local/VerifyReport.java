package dev.accel.store.local;

import dev.accel.store.cid.Cid;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ModelStore#verify} found.
 *
 * @param blocksChecked blocks re-hashed
 * @param bytesChecked  bytes of those blocks
 * @param filesChecked  materialized files compared with their DAGs
 * @param problems      every bad block and bad materialized file, in the order found
 * @param repaired      whether the bad files were removed (verify with repair)
 */
public record VerifyReport(long blocksChecked, long bytesChecked, long filesChecked, List<Problem> problems, boolean repaired) {
    public VerifyReport {
        problems = List.copyOf(problems);
    }

    /** Whether everything checked out. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** What was wrong with one file. */
    public enum Kind {
        /** A block file whose bytes do not hash to its CID, or that cannot be read. */
        BAD_BLOCK,
        /** A file in {@code blocks/} whose name is not a block's name. */
        STRAY_FILE,
        /** A materialized file that differs from the file its DAG describes. */
        BAD_MATERIALIZED_FILE
    }

    /**
     * One bad file.
     *
     * @param cid    the block's CID or the materialized file's root (empty for a stray file)
     * @param file   the file on disk
     * @param detail what is wrong
     */
    public record Problem(Kind kind, Optional<Cid> cid, Path file, String detail) {
        @Override
        public String toString() {
            return kind + " " + cid.map(Cid::toString).orElse("-") + " " + file + ": " + detail;
        }
    }
}
