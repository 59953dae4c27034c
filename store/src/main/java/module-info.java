/**
 * Accel's content-addressed store, in the formats of IPFS byte for byte: CIDs, multihashes and
 * multibases ({@link dev.accel.store.cid}), DAG-PB ({@link dev.accel.store.dagpb}), UnixFS files and
 * directories ({@link dev.accel.store.unixfs}), CAR archives ({@link dev.accel.store.car}), and the narrow
 * block store interface they write to and read from ({@link dev.accel.store.block}). Shared limits and
 * the integrity exception live in {@link dev.accel.store}. The store on disk (blocks, pins, model registry,
 * GC, verify, mapped files) is {@link dev.accel.store.local}.
 */
module dev.accel.store {
    requires transitive dev.accel.runtime;

    exports dev.accel.store;
    exports dev.accel.store.cid;
    exports dev.accel.store.dagpb;
    exports dev.accel.store.unixfs;
    exports dev.accel.store.car;
    exports dev.accel.store.block;
    exports dev.accel.store.local;
}
