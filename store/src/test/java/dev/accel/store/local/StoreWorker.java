package dev.accel.store.local;

import dev.accel.store.testing.TestData;
import dev.accel.store.unixfs.ImportProfile;

import java.nio.file.Path;

/**
 * A second process for {@link ConcurrencyTest}: {@code StoreWorker ROOT SEED COUNT} imports COUNT pinned
 * files (seeds SEED, SEED+1, ...) into the store at ROOT and prints each root CID as {@code seed cid}.
 */
public final class StoreWorker {
    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        try (ModelStore store = ModelStore.open(root)) {
            for (int i = 0; i < count; i++) {
                var node = store.add(TestData.stream(seed + i, ConcurrencyTest.sizeOf(seed + i)), ImportProfile.DEFAULT, true, l -> {
                });
                System.out.println((seed + i) + " " + node.cid());
                System.out.flush();
            }
        }
    }
}
