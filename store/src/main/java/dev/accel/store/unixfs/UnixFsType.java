package dev.accel.store.unixfs;

/** The {@code Type} of a UnixFS {@code Data} message, with its protobuf number. */
public enum UnixFsType {
    RAW(0), DIRECTORY(1), FILE(2), METADATA(3), SYMLINK(4), HAMT_SHARD(5);

    private final int number;

    UnixFsType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    static UnixFsType ofNumber(long number) {
        for (UnixFsType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
