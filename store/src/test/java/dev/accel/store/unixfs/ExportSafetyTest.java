package dev.accel.store.unixfs;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.cid.Cid;
import dev.accel.store.dagpb.DagPb;
import dev.accel.store.dagpb.PBLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export never writes outside its target folder: hostile directory DAGs (entries named {@code ..}, {@code .},
 * absolute names, names with {@code /}, {@code \} or NUL, empty and duplicate names, a UnixFS symlink entry)
 * are refused with {@link ErrorCode#MALFORMED_INPUT} or {@link ErrorCode#INVALID_ARGUMENT}, and a target that
 * already exists (a folder, a file, a symbolic link to elsewhere) is refused before anything is written.
 */
class ExportSafetyTest {
    @TempDir
    Path tmp;

    private final MemoryBlockstore store = new MemoryBlockstore();
    private final UnixFsExporter exporter = new UnixFsExporter(store);

    private Cid put(byte[] block) {
        Cid cid = Cid.of(Cid.DAG_PB, block);
        store.put(cid, block);
        return cid;
    }

    private Cid file(String text) {
        return new UnixFsImporter(ImportProfile.DEFAULT, store).importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).cid();
    }

    /** A directory node whose links have exactly these names (no check on the way in: DagPb writes what it is given). */
    private Cid directory(List<String> names, Cid child) {
        List<PBLink> links = names.stream().map(n -> new PBLink(child, Optional.of(n), OptionalLong.of(10))).toList();
        return put(DagPb.encode(links, UnixFsData.directory().encode()));
    }

    /** Every path under the test folder, sorted. */
    private List<Path> everything() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.sorted().toList();
        }
    }

    @Test
    void hostileNamesAreRefusedAndNothingLandsOutside() throws IOException {
        Cid payload = file("pwned");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        for (String bad : List.of("..", ".", "", "/etc/passwd", "../outside/x", "a/b", "a\\b", "a\0b", "x".repeat(256),
                "/" + outside.resolve("abs"))) {
            Cid dir = directory(List.of("fine.txt", bad), payload);
            Path target = tmp.resolve("export");
            List<Path> before = everything();
            AccelException e = assertThrows(AccelException.class, () -> exporter.exportTo(dir, target), "name " + bad);
            assertEquals(ErrorCode.MALFORMED_INPUT, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("name"), e.getMessage());
            assertEquals(before, everything(), "export of a directory naming \"" + bad.replace("\0", "\\0") + "\" changed the disk");
        }
        Cid dup = directory(List.of("same", "same"), payload);
        assertEquals(ErrorCode.MALFORMED_INPUT, assertThrows(AccelException.class, () -> exporter.exportTo(dup, tmp.resolve("d"))).code());
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void symlinkEntriesAreNotFollowedOrCreated() throws IOException {
        // UnixFS Data: Type=Symlink (4), Data=the link target
        byte[] target = "/etc/passwd".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[4 + target.length];
        data[0] = 0x08;
        data[1] = 0x04;
        data[2] = 0x12;
        data[3] = (byte) target.length;
        System.arraycopy(target, 0, data, 4, target.length);
        Cid link = put(DagPb.encode(List.of(), data));
        Cid dir = directory(List.of("innocent.txt"), link);
        Path out = tmp.resolve("export");
        AccelException e = assertThrows(AccelException.class, () -> exporter.exportTo(dir, out));
        assertTrue(e.code() == ErrorCode.MALFORMED_INPUT || e.code() == ErrorCode.INVALID_ARGUMENT || e.code() == ErrorCode.UNSUPPORTED,
                e.getMessage());
        assertTrue(!Files.exists(out.resolve("innocent.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || Files.isRegularFile(out.resolve("innocent.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(!Files.isSymbolicLink(out.resolve("innocent.txt")), "export created a symbolic link");
    }

    @Test
    void existingTargetsAreRefusedWhateverTheyAre() throws IOException {
        Cid payload = file("data");
        Cid dir = directory(List.of("a.txt"), payload);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), elsewhere);
        Path fileLink = Files.createSymbolicLink(tmp.resolve("file-link"), elsewhere.resolve("victim.txt"));
        Path existingDir = Files.createDirectories(tmp.resolve("existing"));
        Path existingFile = Files.writeString(tmp.resolve("existing.txt"), "keep");
        for (Path target : List.of(link, existingDir)) {
            assertEquals(ErrorCode.IO_ERROR, assertThrows(AccelException.class, () -> exporter.exportTo(dir, target)).code(), target.toString());
        }
        for (Path target : List.of(fileLink, existingFile)) {
            assertEquals(ErrorCode.IO_ERROR, assertThrows(AccelException.class, () -> exporter.exportTo(payload, target)).code(), target.toString());
        }
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(List.of(), s.toList(), "export wrote through a symbolic link");
        }
        assertEquals("keep", Files.readString(existingFile));
        // and the honest export works
        exporter.exportTo(dir, tmp.resolve("fresh"));
        assertEquals("data", Files.readString(tmp.resolve("fresh/a.txt")));
    }
}
