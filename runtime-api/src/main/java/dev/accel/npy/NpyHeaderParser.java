package dev.accel.npy;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.tensor.DType;
import dev.accel.tensor.Shapes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the preamble and header of a {@code .npy} file. The header is a Python dict literal; this reads
 * the subset of Python literal syntax {@code repr} produces (strings, integers, {@code True}/{@code False}/
 * {@code None}, tuples, lists, dicts), so that any well-formed header parses and unsupported content (a
 * structured dtype) is reported by name. Every defect is an {@link AccelException} with
 * {@link ErrorCode#MALFORMED_INPUT} (or {@link ErrorCode#UNSUPPORTED} for a valid but unsupported dtype or rank).
 */
final class NpyHeaderParser {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_NESTING = 32;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    static final String SUPPORTED = "'<f8', '<f4', '<f2', '<i8', '<i4', '<i2', '|i1', '|u1', '|b1' (or '>' instead of '<' for big-endian)";

    /** Random access to the file's bytes: returns at most {@code length} bytes at {@code offset}, fewer only at the end. */
    interface Source {
        byte[] read(long offset, int length) throws IOException;
    }

    private NpyHeaderParser() {
    }

    static NpyHeader parse(Source source, long fileSize, String name) throws IOException {
        if (fileSize < 10) {
            throw malformed(name, "file has " + fileSize + " bytes, fewer than the 10-byte preamble of a .npy file"
                    + " (magic \\x93NUMPY, 2 version bytes, header length)");
        }
        byte[] pre = source.read(0, (int) Math.min(12, fileSize));
        if (pre.length < 10) {
            throw malformed(name, "file ended inside the preamble");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre[i] != MAGIC[i]) {
                String found = HexFormat.ofDelimiter(" ").formatHex(pre, 0, 6);
                String hint = pre[0] == 'P' && pre[1] == 'K' ? " (this looks like a zip archive, e.g. an .npz file; extract its .npy members first)" : "";
                throw malformed(name, "bad magic: expected 93 4e 55 4d 50 59 (\\x93NUMPY), found " + found + hint);
            }
        }
        int major = pre[6] & 0xFF;
        int minor = pre[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw malformed(name, "unsupported .npy format version " + major + "." + minor + "; expected 1.0, 2.0 or 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        int headerStart = 8 + lengthBytes;
        if (pre.length < headerStart) {
            throw malformed(name, "file ended inside the header length field (version " + major + ".0 needs " + headerStart + " bytes of preamble)");
        }
        ByteBuffer lengthField = ByteBuffer.wrap(pre, 8, lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2 ? Short.toUnsignedLong(lengthField.getShort()) : Integer.toUnsignedLong(lengthField.getInt());
        if (headerLength > Npy.MAX_HEADER_BYTES) {
            throw malformed(name, "header length " + headerLength + " exceeds the limit of " + Npy.MAX_HEADER_BYTES + " bytes");
        }
        if (headerStart + headerLength > fileSize) {
            throw malformed(name, "truncated header: the preamble announces " + headerLength + " header bytes but only "
                    + (fileSize - headerStart) + " follow");
        }
        byte[] raw = source.read(headerStart, (int) headerLength);
        if (raw.length != headerLength) {
            throw malformed(name, "file ended inside the header");
        }
        String text = decode(raw, major, name);
        NpyHeader header = interpret(new Literal(text, name).document(), major, headerStart + headerLength, name);
        long dataBytes;
        try {
            dataBytes = Math.multiplyExact(header.numel(), header.dtype().byteSize());
        } catch (ArithmeticException e) {
            throw malformed(name, "shape " + Shapes.format(header.shape()) + " of " + header.descr() + " has more than 2^63 bytes");
        }
        if (dataBytes > fileSize - header.dataOffset()) {
            throw malformed(name, "truncated data: shape " + Shapes.format(header.shape()) + " of " + header.descr() + " needs " + dataBytes
                    + " bytes after the header (at byte " + header.dataOffset() + ") but only " + (fileSize - header.dataOffset()) + " follow");
        }
        return header;
    }

    private static String decode(byte[] raw, int major, String name) {
        if (major < 3) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed(name, "version 3.0 header is not valid UTF-8");
        }
    }

    private static NpyHeader interpret(Object document, int major, long dataOffset, String name) {
        if (!(document instanceof Map<?, ?> dict)) {
            throw malformed(name, "header is not a dict literal {'descr': ..., 'fortran_order': ..., 'shape': ...}");
        }
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                throw malformed(name, "unexpected key " + repr(key) + " in header; expected exactly 'descr', 'fortran_order' and 'shape'");
            }
        }
        for (String key : KEYS) {
            if (!dict.containsKey(key)) {
                throw malformed(name, "header lacks the key '" + key + "'; expected 'descr', 'fortran_order' and 'shape'");
            }
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw malformed(name, "'fortran_order' must be True or False, got " + repr(dict.get("fortran_order")));
        }
        long[] shape = shape(dict.get("shape"), name);
        Object descr = dict.get("descr");
        if (!(descr instanceof String d)) {
            throw new AccelException(ErrorCode.UNSUPPORTED, name + ": dtype " + repr(descr)
                    + " (a structured or nested dtype) is not supported; supported descr: " + SUPPORTED);
        }
        char order = d.isEmpty() ? ' ' : d.charAt(0);
        boolean hasOrder = order == '<' || order == '>' || order == '|' || order == '=';
        String code = hasOrder ? d.substring(1) : d;
        DType dtype = switch (code) {
            case "f8" -> DType.F64;
            case "f4" -> DType.F32;
            case "f2" -> DType.F16;
            case "i8" -> DType.I64;
            case "i4" -> DType.I32;
            case "i2" -> DType.I16;
            case "i1" -> DType.I8;
            case "u1" -> DType.U8;
            case "b1", "?" -> DType.BOOL;
            default -> throw new AccelException(ErrorCode.UNSUPPORTED, name + ": dtype descr '" + d + "' is not supported; supported: " + SUPPORTED);
        };
        ByteOrder byteOrder;
        if (dtype.byteSize() == 1) {
            byteOrder = ByteOrder.nativeOrder();
        } else if (order == '<') {
            byteOrder = ByteOrder.LITTLE_ENDIAN;
        } else if (order == '>') {
            byteOrder = ByteOrder.BIG_ENDIAN;
        } else {
            throw malformed(name, "dtype descr '" + d + "' has no explicit byte order; a multi-byte dtype needs '<' (little-endian) or '>' (big-endian)");
        }
        return new NpyHeader(major, d, dtype, byteOrder, shape, fortran, dataOffset);
    }

    private static long[] shape(Object value, String name) {
        if (!(value instanceof Tuple(List<Object> items))) {
            throw malformed(name, "'shape' must be a tuple of non-negative integers such as (2, 3), (3,) or (), got " + repr(value));
        }
        if (items.size() > Shapes.MAX_RANK) {
            throw new AccelException(ErrorCode.UNSUPPORTED, name + ": shape of rank " + items.size() + " exceeds Accel's maximum rank of " + Shapes.MAX_RANK);
        }
        long[] shape = new long[items.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(items.get(i) instanceof Long size) || size < 0) {
                throw malformed(name, "'shape' must be a tuple of non-negative integers, got " + repr(value));
            }
            shape[i] = size;
        }
        try {
            Shapes.numel(shape);
        } catch (ArithmeticException e) {
            throw malformed(name, "shape " + Shapes.format(shape) + " has more than 2^63 elements");
        }
        return shape;
    }

    static AccelException malformed(String name, String what) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, name + ": malformed .npy file: " + what);
    }

    /** Python-like rendering of a parsed value, for messages. */
    private static String repr(Object v) {
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v == null) {
            return "None";
        }
        if (v instanceof Tuple(List<Object> items)) {
            List<String> parts = items.stream().map(NpyHeaderParser::repr).toList();
            return "(" + String.join(", ", parts) + (items.size() == 1 ? ",)" : ")");
        }
        if (v instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(NpyHeaderParser::repr).toList()) + "]";
        }
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, val) -> parts.add(repr(k) + ": " + repr(val)));
            return "{" + String.join(", ", parts) + "}";
        }
        return String.valueOf(v);
    }

    /** A Python tuple (distinct from a list). */
    record Tuple(List<Object> items) {
    }

    /** A recursive-descent reader of one Python literal; nesting is limited so hostile input cannot overflow the stack. */
    private static final class Literal {
        private final String s;
        private final String name;
        private int pos;

        Literal(String s, String name) {
            this.s = s;
            this.name = name;
        }

        Object document() {
            skipSpace();
            Object v = value(0);
            skipSpace();
            if (pos != s.length()) {
                throw error("unexpected text after the header dict");
            }
            return v;
        }

        private Object value(int depth) {
            if (depth > MAX_NESTING) {
                throw error("nesting deeper than " + MAX_NESTING + " levels");
            }
            if (pos >= s.length()) {
                throw error("header ended where a value was expected");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> dict(depth);
                case '(' -> sequence(depth, ')');
                case '[' -> sequence(depth, ']');
                case '\'', '"' -> string();
                default -> {
                    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                        yield integer();
                    }
                    if (Character.isLetter(c)) {
                        yield word();
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        private Map<Object, Object> dict(int depth) {
            pos++; // {
            Map<Object, Object> map = new LinkedHashMap<>();
            skipSpace();
            while (!peek('}')) {
                int keyAt = pos;
                Object key = value(depth + 1);
                if (!(key instanceof String)) {
                    pos = keyAt;
                    throw error("dict keys must be strings");
                }
                if (map.containsKey(key)) {
                    pos = keyAt;
                    throw error("duplicate key '" + key + "'");
                }
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value(depth + 1));
                skipSpace();
                if (!peek('}')) {
                    expect(',');
                    skipSpace();
                }
            }
            pos++; // }
            return map;
        }

        /** A tuple (close == ')') or a list (close == ']'). A parenthesized value without a comma is just the value. */
        private Object sequence(int depth, char close) {
            pos++;
            List<Object> items = new ArrayList<>();
            boolean comma = false;
            skipSpace();
            while (!peek(close)) {
                items.add(value(depth + 1));
                skipSpace();
                if (!peek(close)) {
                    expect(',');
                    comma = true;
                    skipSpace();
                }
            }
            pos++;
            if (close == ']') {
                return items;
            }
            if (items.size() == 1 && !comma) {
                return items.getFirst();
            }
            return new Tuple(items);
        }

        private String string() {
            char quote = s.charAt(pos++);
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == quote) {
                    return b.toString();
                }
                if (c == '\n') {
                    throw error("unterminated string (a line break inside it)");
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw error("unterminated string");
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '\\', '\'', '"' -> b.append(e);
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        default -> b.append('\\').append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private Long integer() {
            int start = pos;
            boolean negative = false;
            if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
                negative = s.charAt(pos) == '-';
                pos++;
            }
            int digitsStart = pos;
            long v = 0;
            try {
                while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                    v = Math.addExact(Math.multiplyExact(v, 10), s.charAt(pos) - '0');
                    pos++;
                }
            } catch (ArithmeticException e) {
                pos = start;
                throw error("integer too large");
            }
            if (pos == digitsStart) {
                throw error("expected digits");
            }
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
                pos++; // Python 2 long suffix, written by old NumPy versions
            }
            if (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.' || s.charAt(pos) == '_')) {
                pos = start;
                throw error("not an integer");
            }
            return negative ? -v : v;
        }

        private Object word() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String w = s.substring(start, pos);
            return switch (w) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> null;
                default -> {
                    pos = start;
                    throw error("unexpected name '" + w + "' (only True, False and None are allowed)");
                }
            };
        }

        private boolean peek(char c) {
            if (pos >= s.length()) {
                throw error("header ended early; expected '" + c + "'");
            }
            return s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "' but found '" + s.charAt(pos) + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t' || s.charAt(pos) == '\r')) {
                pos++;
            }
        }

        private AccelException error(String what) {
            int from = Math.max(0, pos - 20);
            int to = Math.min(s.length(), pos + 20);
            String near = s.substring(from, to).replace("\n", "\\n");
            return malformed(name, "header dict: " + what + " at character " + pos + " (near \"" + near + "\")");
        }
    }
}
