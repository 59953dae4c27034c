package dev.accel.jmh.report;

import java.util.List;
import java.util.Map;

/**
 * The report's groups: which benchmark is Accel's side of which comparison, and its anchors (issue 9's table).
 * A new benchmark class gets its group here, and a {@code {{group:ID}}} line in
 * {@code docs/benchmarks/report-template.md}.
 */
final class Groups {
    private Groups() {
    }

    private static final String GB_S = "GB/s";
    private static final Quantity BYTES_RATE = Quantity.secondary("bandwidth", "bytes", "ops/s", 1e-9, GB_S);

    /** Every group, in the report's order. */
    static List<Group> all() {
        return List.of(nativeCalls(), matmul(), linear(), elementwise(), rowOp("softmax", "SoftmaxBenchmark", "softmax"),
                rowOp("layer-norm", "LayerNormBenchmark", "layer_norm"), storeImport(), storeOpen(), storeRead(),
                storeExport(), sessionCreate(), embedding(), engine(), cuda());
    }

    /** The group with this id; fails listing the ids there are. */
    static Group byId(String id) {
        return all().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no benchmark group '" + id + "'; the groups are "
                        + all().stream().map(Group::id).toList()));
    }

    static Group nativeCalls() {
        Map<String, String> rows = Map.of("Noop", "empty call", "Segment", "sum of 1 KiB, off-heap segment",
                "Heap", "sum of 1 KiB, heap array");
        return new Group("native-calls", "Native call cost", "FFM downcall",
                r -> r.shortName().startsWith("NativeCallBenchmark.ffm"),
                r -> rows.getOrDefault(r.method().substring(3), r.method()),
                List.of(Quantity.primary("time per call", "ns/op", 1, "ns")),
                List.of(new Group.Anchor("JNI, same C function", prefixed("jni")),
                        new Group.Anchor("pure Java", prefixed("java"))),
                "no run in the results folder has NativeCallBenchmark results yet (`scripts/bench.sh` runs it; it "
                        + "needs gcc when the module is built)",
                List.of(rows.get("Noop"), rows.get("Segment"), rows.get("Heap")));
    }

    /** The method of the same benchmark class with {@code ffm} replaced by {@code prefix}. */
    private static Group.Finder prefixed(String prefix) {
        return (accel, run) -> {
            String name = accel.shortName().replace(".ffm", "." + prefix);
            return Group.same(name, Map.of()).find(accel, run);
        };
    }

    static Group matmul() {
        return new Group("matmul", "Matrix multiply, f32", "Accel (pure Java, Vector API)",
                r -> r.shortName().equals("MatmulBenchmark.sgemm") && "accel".equals(r.params().get("using")),
                r -> "n=" + r.param("n") + ", threads=" + r.param("threads"),
                List.of(Quantity.secondary("GFLOP/s", "flop", "ops/s", 1e-9, "GFLOP/s")),
                List.of(new Group.Anchor("OpenBLAS cblas_sgemm",
                        Group.same("MatmulBenchmark.sgemm", Map.of("using", "openblas")),
                        "OpenBLAS (libopenblas0) was not installed")),
                "", List.of());
    }

    static Group linear() {
        return new Group("linear", "A layer's product with a constant weight, f32", "Accel matmul with Ops.prepare",
                r -> r.shortName().equals("LinearBenchmark.product") && "prepared".equals(r.params().get("using")),
                r -> "m=" + r.param("m") + ", weight " + r.param("weight").replace("x", " × "),
                List.of(Quantity.secondary("GFLOP/s", "flop", "ops/s", 1e-9, "GFLOP/s")),
                List.of(new Group.Anchor("Accel matmul, weight not prepared",
                                Group.same("LinearBenchmark.product", Map.of("using", "plain"))),
                        new Group.Anchor("OpenBLAS cblas_sgemm, 2 threads",
                                Group.same("LinearBenchmark.product", Map.of("using", "openblas")),
                                "OpenBLAS (libopenblas0) was not installed")),
                "", List.of());
    }

    static Group elementwise() {
        return new Group("elementwise", "Elementwise add, f32", "Accel ops().binary(ADD)",
                r -> r.shortName().equals("ElementwiseAddBenchmark.accelAdd"),
                r -> Format.powerOfTwo(r.param("size")) + " elements",
                List.of(BYTES_RATE),
                List.of(new Group.Anchor("memory copy (bandwidth limit)",
                        Group.same("ElementwiseAddBenchmark.copyBandwidth", Map.of()))),
                "", List.of());
    }

    static Group rowOp(String id, String benchmarkClass, String opName) {
        return new Group(id, opName + " over rows, f32", "Accel ops()." + (opName.equals("softmax") ? "softmax" : "layerNorm"),
                r -> r.shortName().equals(benchmarkClass + ".accel"),
                r -> r.param("rows") + " × " + r.param("cols"),
                List.of(BYTES_RATE),
                List.of(new Group.Anchor("memory copy (bandwidth limit)",
                        Group.same(benchmarkClass + ".copyBandwidth", Map.of()))),
                "", List.of());
    }

    static Group storeImport() {
        return new Group("store-import", "Store import (hash + encode)", "Accel ModelStore import",
                r -> r.shortName().equals("StoreImportBenchmark.importFile"),
                r -> r.param("profile") + ", " + ("disk".equals(r.param("sink")) ? "into the disk store" : "no disk")
                        + ", " + r.param("parallelism") + (r.param("parallelism").equals("1") ? " thread" : " threads"),
                List.of(BYTES_RATE),
                List.of(new Group.Anchor("JDK SHA-256 (limit)", (accel, run) -> Group.any(
                                "1".equals(accel.param("parallelism")) ? "Sha256Benchmark.oneThread"
                                        : "Sha256Benchmark.twoThreads").find(accel, run)),
                        new Group.Anchor("js-ipfs 0.66 add (RPC)", (accel, run) -> run.stream()
                                .filter(r -> r.shortName().equals("IpfsAddBenchmark.add")
                                        && r.params().get("profile").equals(accel.param("profile"))
                                        && r.params().get("sink").equals(accel.param("sink"))
                                        && r.params().get("size").equals(accel.param("size")))
                                .findFirst(),
                                "no run has IpfsAddBenchmark results (it needs Node.js and `npm ci` in "
                                        + "ipfs/src/test/js, and must run in the same JMH run as the import)")),
                "", List.of());
    }

    static Group storeOpen() {
        return new Group("store-open", "Store open of a materialized (mapped) file", "Accel open(cid) + close",
                r -> r.shortName().equals("StoreOpenBenchmark.openAndClose"),
                r -> Format.bytes(r.param("size")) + " file",
                List.of(Quantity.primary("time", "us/op", 1, "µs")),
                List.of(), "", List.of());
    }

    static Group storeRead() {
        return new Group("store-read", "Store random 4 KiB reads", "Accel exporter (verifying)",
                r -> r.shortName().equals("StoreReadBenchmark.exporter"),
                r -> "4 KiB at random offsets of " + Format.bytes(r.param("size")),
                List.of(Quantity.primary("time", "us/op", 1, "µs")),
                List.of(new Group.Anchor("the mapped segment", Group.same("StoreReadBenchmark.mapped", Map.of()))),
                "", List.of());
    }

    static Group storeExport() {
        return new Group("store-export", "Store export (cat, verified)", "Accel cat",
                r -> r.shortName().equals("StoreExportBenchmark.cat"),
                r -> Format.bytes(r.param("size")),
                List.of(BYTES_RATE),
                List.of(new Group.Anchor("plain file read", Group.same("StoreExportBenchmark.plainFile", Map.of()))),
                "", List.of());
    }

    static Group sessionCreate() {
        return new Group("session-create", "Model load: MiniLM session creation", "store: mapped file (Accel)",
                r -> r.shortName().equals("SessionCreateBenchmark.create") && "store-mapped".equals(r.params().get("from")),
                r -> "MiniLM",
                List.of(Quantity.primary("time", "ms/op", 1, "ms"),
                        Quantity.secondary("heap allocated", "gc.alloc.rate.norm", "B/op", 1e-3, "KB")),
                List.of(new Group.Anchor("same mapping, ORT directly",
                                Group.same("SessionCreateBenchmark.create", Map.of("from", "ort-mapped"))),
                        new Group.Anchor("file path", Group.same("SessionCreateBenchmark.create", Map.of("from", "path"))),
                        new Group.Anchor("byte[]", Group.same("SessionCreateBenchmark.create", Map.of("from", "bytes")))),
                "", List.of());
    }

    static Group embedding() {
        return new Group("embedding", "MiniLM embedding (ONNX Runtime 1.29, CPU)", "Accel ModelSession.run",
                r -> r.shortName().startsWith("EmbeddingBenchmark.") && "accel".equals(r.params().get("using")),
                Groups::batch,
                List.of(Quantity.primary("throughput", "ops/s", 1, "sentences/s"),
                        Quantity.primary("mean latency", "us/op", 1e-3, "ms"),
                        Quantity.secondary("p50 latency", "p0.50", "us/op", 1e-3, "ms"),
                        Quantity.secondary("p99 latency", "p0.99", "us/op", 1e-3, "ms")),
                List.of(new Group.Anchor("ORT Java API directly", (accel, run) -> Group.same(accel.shortName(),
                        Map.of("using", "ort")).find(accel, run))),
                "", List.of());
    }

    static Group engine() {
        return new Group("engine", "MiniLM through the example engine built from ops", "example engine (Accel ops)",
                r -> r.shortName().startsWith("BertEngineBenchmark.") && "engine".equals(r.params().get("using")),
                r -> batch(r) + ("cpu".equals(r.params().getOrDefault("device", "cpu")) ? ""
                        : ", on " + r.params().get("device")),
                List.of(Quantity.primary("throughput", "ops/s", 1, "sentences/s"),
                        Quantity.primary("mean latency", "us/op", 1e-3, "ms"),
                        Quantity.secondary("p50 latency", "p0.50", "us/op", 1e-3, "ms"),
                        Quantity.secondary("p99 latency", "p0.99", "us/op", 1e-3, "ms")),
                List.of(new Group.Anchor("ONNX Runtime (CPU)", (accel, run) -> Group.same(accel.shortName(),
                        Map.of("using", "ort")).find(accel, run))),
                "no run in the results folder has BertEngineBenchmark results yet (`scripts/bench.sh` runs it)",
                List.of("batch 1 latency", "batch 32 throughput"));
    }

    private static String batch(JmhResult r) {
        return r.method().endsWith("Batch1") ? "batch 1" : r.method().endsWith("Batch32") ? "batch 32" : r.method();
    }

    static Group cuda() {
        return new Group("cuda", "CUDA (GPU)", "Accel CUDA backend",
                r -> r.shortName().startsWith("CudaBenchmark."),
                r -> r.method() + r.params().entrySet().stream().map(e -> ", " + e.getKey() + "=" + e.getValue())
                        .sorted().reduce("", String::concat),
                List.of(Quantity.secondary("bandwidth", "bytes", "ops/s", 1e-9, GB_S),
                        Quantity.secondary("TFLOP/s", "flop", "ops/s", 1e-12, "TFLOP/s"),
                        Quantity.primary("time", "us/op", 1, "µs")),
                List.of(new Group.Anchor("PyTorch (same machine)", (accel, run) -> Group.same(
                        "TorchCudaAnchor." + accel.method(), Map.of()).find(accel, run))),
                "not run here: no GPU was lent to the machines that ran the suite; on a GPU machine `gpu-bundle/run.sh` (made by "
                        + "`scripts/gpu-bundle.sh`) writes DATE-cuda.json (Accel's `CudaBenchmarks` and PyTorch's "
                        + "`cuda_anchor.py` in one run) and its machine file: copy both into docs/benchmarks/ and run `scripts/bench.sh --report --no-build`",
                List.of("upload 1 GiB, pinned host memory", "upload 1 GiB, pageable host memory",
                        "bf16 GEMM 8192 × 8192 × 8192", "f32 add, 1 GiB per operand", "empty kernel launch"));
    }
}
