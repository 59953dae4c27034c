package dev.accel.cli.reliability;

import dev.accel.cli.Main;
import dev.accel.store.block.MemoryBlockstore;
import dev.accel.store.car.CarWriter;
import dev.accel.store.cid.Cid;
import dev.accel.store.unixfs.ImportProfile;
import dev.accel.store.unixfs.UnixFsImporter;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashSafetyTest}: runs {@code accel store add / add --no-pin + pin / import-car / gc}
 * through the CLI's {@link Main#run} in a loop, on one store, until it is killed. Before each command it
 * prints {@code OP kind name}; the CLI's own output lines follow unbuffered, so a line such as
 * {@code added CID name}, {@code pinned CID recursive} or {@code root CID pinned recursive} on standard output
 * means the CLI acknowledged the pin before the kill.
 *
 * <p>Arguments: store folder, work folder (input files), random seed, and optionally the number of commands
 * to run before printing {@code DONE} and exiting (default: until killed, at most 60 s).
 */
public final class CrashWorker {
    private CrashWorker() {
    }

    /** The bytes of the input file with this seed and size (the parent re-creates them to check reads). */
    static byte[] content(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static void main(String[] args) throws Exception {
        String store = args[0];
        Path work = Files.createDirectories(Path.of(args[1]));
        long seed = Long.parseLong(args[2]);
        Random random = new Random(seed);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        out.println("READY");
        int maxOps = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        long deadline = System.nanoTime() + (args.length > 3 ? 600_000_000_000L : 60_000_000_000L);
        for (int i = 0; i < maxOps && System.nanoTime() < deadline; i++) {
            long fileSeed = seed * 1000 + i;
            // sizes from a few KiB to 3 MiB: one leaf, or a root over up to three 1 MiB leaves
            int size = 1024 + random.nextInt(3 << 20);
            String name = "f-" + fileSeed + "-" + size + ".bin";
            Path file = work.resolve(name);
            int op = random.nextInt(5);
            switch (op) {
                case 0 -> {
                    Files.write(file, content(fileSeed, size));
                    out.println("OP add " + name);
                    Main.run(out, err, "store", "--store", store, "add", file.toString());
                }
                case 1 -> {
                    Files.write(file, content(fileSeed, size));
                    out.println("OP add-nopin " + name);
                    Main.run(out, err, "store", "--store", store, "add", "--no-pin", file.toString());
                }
                case 2 -> {
                    Files.write(file, content(fileSeed, size));
                    java.io.StringWriter added = new java.io.StringWriter();
                    out.println("OP add-then-pin " + name);
                    Main.run(new PrintWriter(added, true), err, "store", "--store", store, "add", "--no-pin", file.toString());
                    out.print(added);
                    out.flush();
                    String cid = added.toString().split(" ")[1];
                    out.println("OP pin " + name);
                    Main.run(out, err, "store", "--store", store, "pin", cid);
                }
                case 3 -> {
                    MemoryBlockstore mem = new MemoryBlockstore();
                    Cid root = new UnixFsImporter(ImportProfile.UNIXFS_V1_2025, mem).importFile(new java.io.ByteArrayInputStream(content(fileSeed, size))).cid();
                    Path car = work.resolve(name + ".car");
                    try (OutputStream o = Files.newOutputStream(car)) {
                        CarWriter.writeDag(mem, List.of(root), o);
                    }
                    out.println("OP import-car " + name);
                    Main.run(out, err, "store", "--store", store, "import-car", car.toString());
                }
                default -> {
                    out.println("OP gc -");
                    Main.run(out, err, "store", "--store", store, "gc");
                }
            }
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        out.println("DONE");
    }
}
