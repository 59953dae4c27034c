package dev.accel.cli;

import dev.accel.AccelException;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;
import dev.accel.memory.MemoryScope;
import dev.accel.model.Dim;
import dev.accel.model.ModelRuntimes;
import dev.accel.model.ModelSession;
import dev.accel.model.SessionOptions;
import dev.accel.model.TensorInfo;
import dev.accel.store.local.MappedFile;
import dev.accel.store.local.ModelEntry;
import dev.accel.store.local.ModelStore;
import dev.accel.store.unixfs.DirectoryEntry;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code accel models info} shows: the registry entry (if the model is named), the directory's files,
 * and for an ONNX file its signature and metadata, read from a session opened on the mapped file (graph
 * optimizations off and one thread, so opening is quick; nothing runs).
 *
 * @param files      {@code name size cid} per directory entry (empty for a single file)
 * @param signature  inputs and outputs, when the ONNX file loaded
 * @param metadata   the session's metadata (producer, graph name, custom keys)
 * @param header     IR version, producer and opsets from the file itself
 * @param problem    why the ONNX file was not described (not ONNX, not loadable), when it was not
 */
record ModelInfo(List<FileRow> files, Optional<List<List<TensorInfo>>> signature, Map<String, String> metadata,
                 Optional<ModelOnnxHeader> header, Optional<String> problem) {

    /** A directory entry: its name, CID, content size (-1 for a folder). */
    record FileRow(String name, dev.accel.store.cid.Cid cid, long size) {
        boolean directory() {
            return size < 0;
        }
    }

    /** Formats whose files are worth opening as ONNX. */
    private static final Set<String> ONNX_FORMATS = Set.of("onnx", "directory");

    static ModelInfo of(ModelStore store, ModelReference ref) {
        List<FileRow> files = new ArrayList<>();
        if (ref.directory()) {
            for (DirectoryEntry d : store.list(ref.root())) {
                files.add(new FileRow(d.name(), d.cid(), store.isDirectory(d.cid()) ? -1 : store.openFile(d.cid()).size()));
            }
        }
        boolean onnxFormat = ref.entry().map(e -> ONNX_FORMATS.contains(e.manifest().format())).orElse(true);
        if (ref.onnx().isEmpty() || !onnxFormat) {
            return new ModelInfo(files, Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
        }
        try (MemoryScope scope = MemoryScope.shared()) {
            MappedFile mapped = store.open(ref.onnx().get(), scope);
            Optional<ModelOnnxHeader> header = ModelOnnxHeader.read(mapped.segment());
            SessionOptions quick = SessionOptions.defaults().withIntraOpThreads(1).withOptimization(SessionOptions.OptimizationLevel.NONE);
            try (ModelSession session = ModelRuntimes.forFormat("onnx").open(mapped.memory(), quick)) {
                return new ModelInfo(files, Optional.of(List.of(session.inputs(), session.outputs())), session.metadata(), header, Optional.empty());
            } catch (AccelException e) {
                return new ModelInfo(files, Optional.empty(), Map.of(), header, Optional.of(e.getMessage() + " [" + e.code() + "]"));
            }
        }
    }

    void print(PrintWriter out, ModelReference ref) {
        if (ref.entry().isPresent()) {
            ModelEntry e = ref.entry().get();
            out.println("name:     " + e.name());
            out.println("root:     " + e.root());
            e.manifest().toMap().forEach((k, v) -> out.printf("%-9s %s%n", k + ":", v));
        } else {
            out.println("cid:      " + ref.root() + (ref.directory() ? " (directory)" : ""));
        }
        if (!files.isEmpty()) {
            out.println("files:");
            for (FileRow f : files) {
                out.printf("  %-20s %10s  %s%n", f.name() + (f.directory() ? "/" : ""), f.directory() ? "" : StoreProgress.bytes(f.size()), f.cid());
            }
        }
        header.ifPresent(h -> out.println("onnx:     " + (ref.onnxName().isEmpty() ? ref.onnx().orElseThrow() : ref.onnxName())
                + ", IR version " + h.irVersion() + (h.producer().isEmpty() ? "" : ", producer " + h.producer()) + ", opsets " + h.opsets()));
        signature.ifPresent(sig -> {
            out.println("inputs:");
            sig.get(0).forEach(t -> out.println("  " + t));
            out.println("outputs:");
            sig.get(1).forEach(t -> out.println("  " + t));
        });
        if (!metadata.isEmpty()) {
            out.println("metadata:");
            metadata.forEach((k, v) -> out.printf("  %-18s %s%n", k + ":", v));
        }
        problem.ifPresent(p -> out.println("onnx:     not described: " + p));
    }

    String json(ModelReference ref) {
        Map<String, Object> kv = JsonObjects.of("name", ref.entry().map(ModelEntry::name).orElse(null), "root", ref.root().toString(),
                "manifest", ref.entry().map(e -> e.manifest().toMap()).orElse(null));
        List<Object> fl = new ArrayList<>();
        for (FileRow f : files) {
            fl.add(JsonObjects.of("name", f.name(), "size", f.size(), "cid", f.cid().toString()));
        }
        kv.put("files", fl);
        header.ifPresent(h -> kv.put("onnx", JsonObjects.of("ir_version", h.irVersion(), "producer", h.producer(), "opsets", h.opsets())));
        signature.ifPresent(sig -> {
            kv.put("inputs", sig.get(0).stream().map(ModelInfo::tensorJson).toList());
            kv.put("outputs", sig.get(1).stream().map(ModelInfo::tensorJson).toList());
        });
        kv.put("metadata", new LinkedHashMap<>(metadata));
        problem.ifPresent(p -> kv.put("problem", p));
        return Json.write(kv);
    }

    static Map<String, Object> tensorJson(TensorInfo t) {
        List<Object> dims = new ArrayList<>();
        for (Dim d : t.shape()) {
            dims.add(d instanceof Dim.Fixed(long size) ? (Object) size : d.toString());
        }
        return JsonObjects.of("name", t.name(), "dtype", t.dtype().toString(), "shape", dims);
    }
}
