package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.cid.Cid;
import dev.accel.store.cid.Multibase;
import dev.accel.store.internal.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where things live under a store root (see {@code docs/store.md}):
 * <pre>
 *   STORE_VERSION          "accel-store 1"
 *   store.lock             lock file (byte 0: store lock, byte 1: metadata lock)
 *   blocks/XY/NAME         one file per block; NAME = base32 (lower, no prefix) of the binary CID,
 *                          XY = NAME's next-to-last two characters (as go-ds-flatfs)
 *   files/NAME             verified materialized copy of the UnixFS file whose root CID is NAME
 *   pins                   the pin set, one "CID recursive|direct" per line
 *   registry.json          the model registry
 *   tmp/                   staging for atomic writes; emptied by GC
 * </pre>
 */
final class StoreLayout {
    static final String VERSION_TEXT = "accel-store 1";

    final Path root;
    final Path blocks;
    final Path files;
    final Path tmp;
    final Path pins;
    final Path registry;

    private StoreLayout(Path root) {
        this.root = root;
        this.blocks = root.resolve("blocks");
        this.files = root.resolve("files");
        this.tmp = root.resolve("tmp");
        this.pins = root.resolve("pins");
        this.registry = root.resolve("registry.json");
    }

    /** Opens (creating if needed) the layout under {@code root}; refuses a folder of another format. */
    static StoreLayout open(Path root) {
        Path r = root.toAbsolutePath().normalize();
        StoreLayout l = new StoreLayout(r);
        try {
            if (Files.exists(r) && !Files.isDirectory(r)) {
                throw new AccelException(ErrorCode.INVALID_ARGUMENT, "store root " + r + " is not a folder");
            }
            Files.createDirectories(r);
            Path version = r.resolve("STORE_VERSION");
            if (Files.exists(version)) {
                String v = Files.readString(version, StandardCharsets.UTF_8).strip();
                if (!v.equals(VERSION_TEXT)) {
                    throw new AccelException(ErrorCode.UNSUPPORTED, "store " + r + " has format \"" + v + "\"; this build reads \"" + VERSION_TEXT + "\"");
                }
            } else {
                try (var list = Files.list(r)) {
                    if (list.anyMatch(p -> !p.getFileName().toString().equals("store.lock") && !p.getFileName().toString().equals("tmp"))) {
                        throw new AccelException(ErrorCode.INVALID_ARGUMENT, r + " is not empty and not an Accel store (no STORE_VERSION);"
                                + " choose an empty or new folder with --store or ACCEL_STORE");
                    }
                }
                Files.createDirectories(l.tmp);
                AtomicFiles.write(version, (VERSION_TEXT + "\n").getBytes(StandardCharsets.UTF_8), l.tmp);
            }
            Files.createDirectories(l.blocks);
            Files.createDirectories(l.files);
            Files.createDirectories(l.tmp);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot open the store at " + r + ": " + e.getMessage(), e);
        }
        return l;
    }

    /** The file name of {@code cid}: base32 lower of its binary form, without the multibase prefix. */
    static String name(Cid cid) {
        return Multibase.encodeBare(Multibase.Base.BASE32, cid.bytes());
    }

    /** The CID a block or materialized file name stands for, or empty if it is not such a name. */
    static Optional<Cid> cidOf(String name) {
        if (name.length() < 4 || name.length() > 300 || !name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
            return Optional.empty();
        }
        try {
            Cid cid = Cid.decode(Multibase.decodeBare(Multibase.Base.BASE32, name));
            return name(cid).equals(name) ? Optional.of(cid) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String shard(String name) {
        return name.substring(name.length() - 3, name.length() - 1);
    }

    Path block(Cid cid) {
        String n = name(cid);
        return blocks.resolve(shard(n)).resolve(n);
    }

    Path file(Cid cid) {
        return files.resolve(name(cid));
    }
}
