package dev.accel.store.cid;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.BlockIntegrityException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void varintsFollowTheSpecExamples() {
        // examples from multiformats/unsigned-varint
        assertEquals("01", HEX.formatHex(Varint.encode(1)));
        assertEquals("7f", HEX.formatHex(Varint.encode(127)));
        assertEquals("8001", HEX.formatHex(Varint.encode(128)));
        assertEquals("ff01", HEX.formatHex(Varint.encode(255)));
        assertEquals("ac02", HEX.formatHex(Varint.encode(300)));
        assertEquals("808001", HEX.formatHex(Varint.encode(16384)));
        assertEquals(9, Varint.encodedLength(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Varint.read(ByteBuffer.wrap(Varint.encode(Long.MAX_VALUE))));
        assertEquals(300, Varint.read(new ByteArrayInputStream(HEX.parseHex("ac02"))));
        assertEquals(-1, Varint.read(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void varintsRejectNonMinimalOverlongAndTruncated() {
        assertMalformed(() -> Varint.read(ByteBuffer.wrap(HEX.parseHex("8100"))));
        assertMalformed(() -> Varint.read(ByteBuffer.wrap(HEX.parseHex("80808080808080808001"))));
        assertMalformed(() -> Varint.read(ByteBuffer.wrap(HEX.parseHex("8080"))));
        assertMalformed(() -> Varint.read(new ByteArrayInputStream(HEX.parseHex("ff"))));
        assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
    }

    @Test
    void multihashSha256AndIdentity() {
        Multihash mh = Multihash.sha256("hello world".getBytes(StandardCharsets.UTF_8));
        assertEquals("1220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", HEX.formatHex(mh.bytes()));
        assertTrue(mh.matches("hello world".getBytes(StandardCharsets.UTF_8)));
        assertFalse(mh.matches("hello world!".getBytes(StandardCharsets.UTF_8)));
        assertEquals(mh, Multihash.decode(mh.bytes()));
        Multihash id = Multihash.identity(new byte[] {1, 2, 3});
        assertEquals("0003010203", HEX.formatHex(id.bytes()));
        assertTrue(id.matches(new byte[] {1, 2, 3}));
        assertMalformed(() -> Multihash.decode(HEX.parseHex("1203010203"))); // sha2-256 must be 32 bytes
        assertMalformed(() -> Multihash.decode(HEX.parseHex("1220b94d"))); // truncated
        assertThrows(AccelException.class, () -> Multihash.identity(new byte[129]));
        Multihash blake = Multihash.of(0xb220, new byte[32]);
        assertEquals(ErrorCode.UNSUPPORTED, assertThrows(AccelException.class, () -> blake.matches(new byte[0])).code());
    }

    @Test
    void multibaseRoundTripsAndRfcVectors() {
        assertEquals("bmzxw6ytboi", Multibase.encode(Multibase.Base.BASE32, "foobar".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("z2NEpo7TZRRrLZSi2U", Multibase.encode(Multibase.Base.BASE58BTC, "Hello World!".getBytes(StandardCharsets.US_ASCII)));
        // multibase spec test vector for "yes mani !"
        assertEquals("k2lcpzo5yikidynfl", Multibase.encode(Multibase.Base.BASE36, "yes mani !".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("z1111", Multibase.encode(Multibase.Base.BASE58BTC, new byte[3]).substring(0, 4) + "1");
        byte[] r = new byte[] {0, 0, 1, 2, (byte) 255, 0};
        for (Multibase.Base b : Multibase.Base.values()) {
            assertArrayEquals(r, Multibase.decode(Multibase.encode(b, r)), b.name());
            assertArrayEquals(new byte[0], Multibase.decode(Multibase.encode(b, new byte[0])), b.name());
        }
        assertMalformed(() -> Multibase.decode("BMZXW6YTBOI")); // upper-case base32 is not supported
        assertMalformed(() -> Multibase.decode("bmzxw6ytboj")); // non-zero trailing bits
        assertMalformed(() -> Multibase.decode("z0OIl"));
        assertMalformed(() -> Multibase.decode("m"));
    }

    @Test
    void cidSpecExamples() {
        // the same content as CIDv0 and CIDv1; the CIDv1 strings as js multiformats 14 writes them
        Cid v0 = Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
        Cid v1 = Cid.parse("bafybeie5nqv6kd3qnfjupgvz34woh3oksc3iau6abmyajn7qvtf6d2ho34");
        assertEquals(0, v0.version());
        assertEquals(Cid.DAG_PB, v0.codec());
        assertEquals(v1, v0.toV1());
        assertNotEquals(v0, v1);
        assertEquals("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", v0.toString());
        assertEquals("bafybeie5nqv6kd3qnfjupgvz34woh3oksc3iau6abmyajn7qvtf6d2ho34", v1.toString());
        assertEquals("k2jmtxvacy5p64u708sn9oawhfsizpcwgk1g59ckse0h1r7a2j7d0tlr", v1.toString(Multibase.Base.BASE36));
        assertEquals("zdj7Wg2Qkk4mYgAkVU1kppfQ2sMGz5zPwERVpeWmxCQLDxVoC", v1.toString(Multibase.Base.BASE58BTC));
        for (Multibase.Base b : Multibase.Base.values()) {
            assertEquals(v1, Cid.parse(v1.toString(b)));
        }
        // the empty raw block, as every IPFS implementation names it
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", Cid.of(Cid.RAW, new byte[0]).toString());
        assertEquals(v1, Cid.decode(v1.bytes()));
        assertEquals(v0, Cid.decode(v0.bytes()));
        Cid other = Cid.v1(0x0129, Multihash.sha256(new byte[0])); // dag-json: decodable as a number
        assertEquals(other, Cid.parse(other.toString()));
    }

    @Test
    void cidRejectsGarbage() {
        assertMalformed(() -> Cid.parse("bafybeie5nqv6kd3qnfjupgvz34woh3oksc3iau6abmyajn7qvtf6d2ho3"));
        assertMalformed(() -> Cid.parse("zQmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG")); // v0 in multibase
        assertMalformed(() -> Cid.decode(HEX.parseHex("02551220" + "00".repeat(32)))); // version 2
        assertMalformed(() -> Cid.decode(HEX.parseHex("015512200000"))); // truncated digest
        assertThrows(IllegalArgumentException.class, () -> Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG").toString(Multibase.Base.BASE32));
    }

    @Test
    void verifyNamesTheCid() {
        Cid cid = Cid.of(Cid.RAW, new byte[] {1});
        cid.verify(new byte[] {1}, "");
        BlockIntegrityException e = assertThrows(BlockIntegrityException.class, () -> cid.verify(new byte[] {2}, "test"));
        assertEquals(cid, e.cid());
        assertEquals(ErrorCode.INTEGRITY, e.code());
        assertTrue(e.getMessage().contains(cid.toString()));
    }

    static void assertMalformed(org.junit.jupiter.api.function.Executable e) {
        assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(AccelException.class, e).code());
    }
}
