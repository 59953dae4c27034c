package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.StoreLimits;

import java.nio.charset.StandardCharsets;

/** The one rule for directory entry names, applied on import and on export. */
final class EntryNames {
    private EntryNames() {
    }

    /**
     * Checks that {@code name} is a single path element: not empty, not {@code .} or {@code ..}, no
     * {@code /}, no backslash, no NUL, at most {@link StoreLimits#MAX_NAME_LENGTH} UTF-8 bytes.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} naming the entry
     */
    static byte[] check(String name) {
        String why = null;
        if (name.isEmpty()) {
            why = "is empty";
        } else if (name.equals(".") || name.equals("..")) {
            why = "is a relative path element";
        } else if (name.indexOf('/') >= 0) {
            why = "contains '/'";
        } else if (name.indexOf('\\') >= 0) {
            why = "contains '\\'";
        } else if (name.indexOf('\0') >= 0) {
            why = "contains NUL";
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (why == null && utf8.length > StoreLimits.MAX_NAME_LENGTH) {
            why = "is longer than " + StoreLimits.MAX_NAME_LENGTH + " bytes";
        }
        if (why != null) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, "directory entry name \""
                    + name.replace("\0", "\\0") + "\" " + why);
        }
        return utf8;
    }
}
