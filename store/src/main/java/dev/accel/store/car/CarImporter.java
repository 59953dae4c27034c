package dev.accel.store.car;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.store.block.BlockSink;
import dev.accel.store.cid.Cid;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports a CAR (v1 or v2) all or nothing: every section is read and verified first, staged in a temporary
 * file, and only when the whole CAR has been read and verified are the blocks put into the sink. A
 * truncated or malformed CAR ({@link ErrorCode#MALFORMED_INPUT}) or a block that fails its hash
 * ({@link dev.accel.store.BlockIntegrityException}) puts nothing. Memory is bounded by one section.
 */
public final class CarImporter {
    /** What an import did. */
    public record Result(CarHeader header, long blocks, long bytes) {
    }

    private final BlockSink sink;
    private final Path stagingDir;

    /** An importer staging in the system's temporary directory. */
    public CarImporter(BlockSink sink) {
        this(sink, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** An importer staging in {@code stagingDir} (the on-disk store passes a folder on its own file system). */
    public CarImporter(BlockSink sink, Path stagingDir) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.stagingDir = Objects.requireNonNull(stagingDir, "stagingDir");
    }

    /** Imports the CAR file at {@code car}. */
    public Result importCar(Path car) {
        try (InputStream in = Files.newInputStream(car)) {
            return importCar(in);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read " + car + ": " + e.getMessage(), e);
        }
    }

    /** Imports the CAR read from {@code in} (to its end; not closed). */
    public Result importCar(InputStream in) {
        Path staging;
        try {
            staging = Files.createTempFile(stagingDir, "accel-car-", ".staging");
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot create a staging file in " + stagingDir + ": " + e.getMessage(), e);
        }
        try {
            CarReader reader = CarReader.open(in);
            long blocks = 0;
            long bytes = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(staging), 1 << 16)) {
                CarWriter writer = new CarWriter(out, reader.header().roots());
                for (Optional<CarBlock> b = reader.next(); b.isPresent(); b = reader.next()) {
                    writer.write(b.get().cid(), b.get().block());
                    blocks++;
                    bytes += b.get().block().length;
                }
            }
            // Everything read and verified: commit.
            try (InputStream staged = new BufferedInputStream(Files.newInputStream(staging), 1 << 16)) {
                CarReader replay = CarReader.open(staged, false);
                for (Optional<CarBlock> b = replay.next(); b.isPresent(); b = replay.next()) {
                    Cid cid = b.get().cid();
                    sink.put(cid, b.get().block());
                }
            }
            return new Result(reader.header(), blocks, bytes);
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "staging the CAR in " + staging + " failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(staging);
            } catch (IOException ignored) {
                // a leftover staging file holds only verified blocks; nothing to report
            }
        }
    }
}
