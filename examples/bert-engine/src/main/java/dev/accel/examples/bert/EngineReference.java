package dev.accel.examples.bert;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.json.Json;
import dev.accel.json.JsonObjects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Another runtime's sentence embeddings for fixed token ids, in a small JSON file ({@value #FORMAT}), so that the
 * engine can be checked against it on a machine that has neither that runtime nor the tokenizer: a GPU machine with
 * no Java packages (see {@link EngineCheck} and {@code scripts/gpu-bundle.sh --engine}).
 *
 * @param model      the ONNX file's name
 * @param modelBytes its size
 * @param modelSha256 its SHA-256, lower-case hex: the check refuses another file
 * @param producer   what computed the embeddings (runtime, version, machine)
 * @param batches    the inputs and the expected embeddings
 */
public record EngineReference(String model, long modelBytes, String modelSha256, String producer, List<Batch> batches) {
    /** The value of the file's {@code format} member. */
    public static final String FORMAT = "accel-engine-reference/1";

    /**
     * One batch: row-major {@code [batch, sequence]} token ids, attention mask and token type ids, and the expected
     * row-major {@code [batch, hidden]} sentence embeddings.
     */
    public record Batch(String name, int batch, int sequence, long[] inputIds, long[] attentionMask, long[] tokenTypeIds,
                        float[] embeddings) {
        public Batch {
            long cells = (long) batch * sequence;
            if (batch <= 0 || sequence <= 0 || inputIds.length != cells || attentionMask.length != cells || tokenTypeIds.length != cells
                    || embeddings.length == 0 || embeddings.length % batch != 0) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, "reference batch '" + name + "': " + batch + " x " + sequence
                        + " needs " + cells + " ids, mask values and type ids and a non-empty multiple of " + batch
                        + " embedding values; got " + inputIds.length + ", " + attentionMask.length + ", " + tokenTypeIds.length
                        + " and " + embeddings.length);
            }
        }

        /** Width of one embedding. */
        public int hidden() {
            return embeddings.length / batch;
        }
    }

    public EngineReference {
        batches = List.copyOf(batches);
    }

    /** The SHA-256 of a model file's bytes, lower-case hex, as {@link #modelSha256()} holds it. */
    public static String sha256(MemorySegment file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(file.asByteBuffer());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Writes this reference as JSON to {@code file}. */
    public void write(Path file) {
        List<Object> list = new ArrayList<>();
        for (Batch b : batches) {
            list.add(JsonObjects.of("name", b.name(), "batch", (long) b.batch(), "sequence", (long) b.sequence(),
                    "inputIds", longs(b.inputIds()), "attentionMask", longs(b.attentionMask()), "tokenTypeIds", longs(b.tokenTypeIds()),
                    "embeddings", floats(b.embeddings())));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("model", model);
        doc.put("modelBytes", modelBytes);
        doc.put("modelSha256", modelSha256);
        doc.put("producer", producer);
        doc.put("batches", list);
        try {
            Files.writeString(file, Json.write(doc) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reference " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a reference written by {@link #write}.
     *
     * @throws AccelException {@link ErrorCode#MALFORMED_INPUT} naming what is missing or wrong
     */
    public static EngineReference read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference " + file + ": " + e.getMessage(), e);
        }
        String what = "reference " + file;
        Map<String, Object> doc = JsonObjects.object(Json.parse(text, file.toString()), what);
        String format = JsonObjects.requireString(doc, "format", what);
        if (!format.equals(FORMAT)) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, what + ": format '" + format + "', expected '" + FORMAT + "'");
        }
        List<Batch> batches = new ArrayList<>();
        for (Object o : list(doc, "batches", what)) {
            Map<String, Object> b = JsonObjects.object(o, what + " batch");
            String name = JsonObjects.requireString(b, "name", what + " batch");
            String in = what + " batch '" + name + "'";
            batches.add(new Batch(name, Math.toIntExact(number(b, "batch", in)), Math.toIntExact(number(b, "sequence", in)),
                    longArray(b, "inputIds", in), longArray(b, "attentionMask", in), longArray(b, "tokenTypeIds", in),
                    floatArray(b, "embeddings", in)));
        }
        return new EngineReference(JsonObjects.requireString(doc, "model", what), number(doc, "modelBytes", what),
                JsonObjects.requireString(doc, "modelSha256", what), JsonObjects.requireString(doc, "producer", what), batches);
    }

    private static List<Object> longs(long[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    private static List<Object> floats(float[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add((double) v);
        }
        return out;
    }

    private static List<?> list(Map<String, Object> object, String key, String what) {
        if (!(object.get(key) instanceof List<?> l)) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, what + ": '" + key + "' must be an array");
        }
        return l;
    }

    private static long number(Map<String, Object> object, String key, String what) {
        if (!(object.get(key) instanceof Long v)) {
            throw new AccelException(ErrorCode.MALFORMED_INPUT, what + ": '" + key + "' must be an integer");
        }
        return v;
    }

    private static long[] longArray(Map<String, Object> object, String key, String what) {
        List<?> l = list(object, key, what);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long v)) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, what + ": '" + key + "'[" + i + "] must be an integer");
            }
            out[i] = v;
        }
        return out;
    }

    private static float[] floatArray(Map<String, Object> object, String key, String what) {
        List<?> l = list(object, key, what);
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number v)) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, what + ": '" + key + "'[" + i + "] must be a number");
            }
            out[i] = v.floatValue();
        }
        return out;
    }
}
