package dev.accel.store.dagpb;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.cid.Cid;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DagPbTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cid RAW = Cid.of(Cid.RAW, new byte[] {1});
    private static final String RAW_HEX = HEX.formatHex(RAW.bytes()); // 36 bytes

    @Test
    void emptyNodeAndEmptyData() {
        assertArrayEquals(new byte[0], DagPb.encode(PBNode.withoutData(List.of())));
        assertEquals("0a00", HEX.formatHex(DagPb.encode(PBNode.of(List.of(), new byte[0]))));
        assertFalse(DagPb.decode(new byte[0]).hasData());
        assertTrue(DagPb.decode(HEX.parseHex("0a00")).hasData());
        // the empty UnixFS directory, QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn
        byte[] dir = DagPb.encode(PBNode.of(List.of(), new byte[] {8, 1}));
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", Cid.v0(Cid.of(Cid.DAG_PB, dir).multihash()).toString());
    }

    @Test
    void linksBeforeDataInFieldOrder() {
        PBNode node = PBNode.of(List.of(PBLink.of(RAW, "a", 5), new PBLink(RAW, Optional.empty(), OptionalLong.empty())), new byte[] {9});
        byte[] bytes = node.encode();
        String expected = "122b" + "0a24" + RAW_HEX + "120161" + "1805" + "1226" + "0a24" + RAW_HEX + "0a0109";
        assertEquals(expected, HEX.formatHex(bytes));
        PBNode back = DagPb.decode(bytes);
        assertEquals(node.links(), back.links());
        assertArrayEquals(new byte[] {9}, back.copyData());
    }

    @Test
    void dataBeforeLinksIsAcceptedAsTheSpecAsks() {
        PBNode n = DagPb.decode(HEX.parseHex("0a0109" + "1226" + "0a24" + RAW_HEX));
        assertEquals(1, n.links().size());
        assertArrayEquals(new byte[] {9}, n.copyData());
    }

    @Test
    void strictDecoding() {
        String link = "0a24" + RAW_HEX;
        assertMalformed("0a01090a0109"); // duplicate Data
        assertMalformed("1226" + link + "0a0109" + "1226" + link); // Links, Data, Links
        assertMalformed("1801"); // unknown field 3 in the node
        assertMalformed("0801"); // Data with wire type 0
        assertMalformed("122b" + "120161" + link + "1805"); // Name before Hash
        assertMalformed("122c" + link + "1805" + "120161"); // Tsize before Name
        assertMalformed("122a" + link + "1805" + "1805"); // duplicate Tsize
        assertMalformed("1203" + "120161"); // link without Hash
        assertMalformed("1204" + "0a020000"); // Hash that is not a CID
        assertMalformed("1229" + link + "2001" + "00"); // unknown link field
        assertMalformed("1228" + link + "12" + "02c328"); // invalid UTF-8 name
        assertMalformed("1227" + link + "188100"); // non-minimal Tsize varint
        assertMalformed("0a05"); // truncated Data
    }

    private static void assertMalformed(String hex) {
        AccelException e = assertThrows(AccelException.class, () -> DagPb.decode(HEX.parseHex(hex)), hex);
        assertEquals(ErrorCode.MALFORMED_INPUT, e.code(), e.getMessage());
    }
}
