package dev.accel.store.cid;

import dev.accel.AccelException;
import dev.accel.ErrorCode;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The three <a href="https://github.com/multiformats/multibase">multibase</a> encodings CIDs use: base32
 * lower ({@code b}, the default for CIDv1), base58btc ({@code z}; CIDv0 is bare base58btc) and base36 lower
 * ({@code k}, used in subdomain gateways). Decoding is strict: one canonical string per byte sequence (no
 * padding, no upper case, no non-zero trailing bits). Strings are limited to {@value #MAX_STRING_LENGTH}
 * characters.
 */
public final class Multibase {
    /** Longest string decoded or produced (a CID is under 100 characters). */
    public static final int MAX_STRING_LENGTH = 4096;

    /** A multibase encoding with its one-character prefix. */
    public enum Base {
        BASE32('b'), BASE58BTC('z'), BASE36('k');

        private final char prefix;

        Base(char prefix) {
            this.prefix = prefix;
        }

        public char prefix() {
            return prefix;
        }
    }

    private static final String BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE36_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private Multibase() {
    }

    /** {@code bytes} encoded in {@code base}, with its prefix. */
    public static String encode(Base base, byte[] bytes) {
        return base.prefix + encodeBare(base, bytes);
    }

    /** {@code bytes} encoded in {@code base}, without a prefix. */
    public static String encodeBare(Base base, byte[] bytes) {
        return switch (base) {
            case BASE32 -> encodeBase32(bytes);
            case BASE58BTC -> encodeBaseN(bytes, BASE58_ALPHABET);
            case BASE36 -> encodeBaseN(bytes, BASE36_ALPHABET);
        };
    }

    /**
     * Decodes a prefixed multibase string.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} for an unknown prefix or a character outside
     *                        the alphabet; {@link ErrorCode#UNSUPPORTED} is not used: unknown prefixes are
     *                        malformed here
     */
    public static byte[] decode(String text) {
        if (text.isEmpty()) {
            throw malformed("empty multibase string");
        }
        char prefix = text.charAt(0);
        for (Base base : Base.values()) {
            if (base.prefix == prefix) {
                return decodeBare(base, text.substring(1));
            }
        }
        throw malformed("unsupported multibase prefix '" + prefix + "' (supported: b, z, k)");
    }

    /** Decodes a string of {@code base} without a prefix. */
    public static byte[] decodeBare(Base base, String text) {
        if (text.length() > MAX_STRING_LENGTH) {
            throw malformed("multibase string of " + text.length() + " characters is over the limit of " + MAX_STRING_LENGTH);
        }
        return switch (base) {
            case BASE32 -> decodeBase32(text);
            case BASE58BTC -> decodeBaseN(text, BASE58_ALPHABET, "base58btc");
            case BASE36 -> decodeBaseN(text, BASE36_ALPHABET, "base36");
        };
    }

    private static String encodeBase32(byte[] bytes) {
        StringBuilder sb = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32_ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32_ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    private static byte[] decodeBase32(String text) {
        int rem = text.length() % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw malformed("base32 string has an impossible length " + text.length());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = BASE32_ALPHABET.indexOf(text.charAt(i));
            if (v < 0) {
                throw malformed("character '" + text.charAt(i) + "' at " + i + " is not base32 (lower case)");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw malformed("base32 string has non-zero trailing bits");
        }
        return out.toByteArray();
    }

    private static String encodeBaseN(byte[] bytes, String alphabet) {
        int radix = alphabet.length();
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) {
            zeros++;
        }
        byte[] input = Arrays.copyOfRange(bytes, zeros, bytes.length);
        char[] digits = new char[bytes.length * 2 + 1];
        int out = digits.length;
        int start = 0;
        while (start < input.length) {
            int remainder = 0;
            for (int i = start; i < input.length; i++) {
                int acc = remainder * 256 + (input[i] & 0xFF);
                input[i] = (byte) (acc / radix);
                remainder = acc % radix;
            }
            digits[--out] = alphabet.charAt(remainder);
            while (start < input.length && input[start] == 0) {
                start++;
            }
        }
        for (int i = 0; i < zeros; i++) {
            digits[--out] = alphabet.charAt(0);
        }
        return new String(digits, out, digits.length - out);
    }

    private static byte[] decodeBaseN(String text, String alphabet, String name) {
        int radix = alphabet.length();
        char zeroChar = alphabet.charAt(0);
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == zeroChar) {
            zeros++;
        }
        byte[] acc = new byte[text.length()];
        int accLength = 0; // little-endian base-256 digits
        for (int i = zeros; i < text.length(); i++) {
            int v = alphabet.indexOf(text.charAt(i));
            if (v < 0) {
                throw malformed("character '" + text.charAt(i) + "' at " + i + " is not " + name);
            }
            int carry = v;
            for (int j = 0; j < accLength; j++) {
                carry += (acc[j] & 0xFF) * radix;
                acc[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                acc[accLength++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + accLength];
        for (int j = 0; j < accLength; j++) {
            out[zeros + j] = acc[accLength - 1 - j];
        }
        return out;
    }

    private static AccelException malformed(String message) {
        return new AccelException(ErrorCode.MALFORMED_INPUT, message);
    }
}
