package dev.accel.store.local;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.json.Json;
import dev.accel.store.cid.Cid;
import dev.accel.store.internal.AtomicFiles;
import dev.accel.store.internal.StoreLock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The model registry: names mapped to a root CID and a {@link ModelManifest}, kept in
 * {@code registry.json} and rewritten atomically under the metadata lock on every change (as the pin
 * set). Every entry's root is a GC root, like a recursive pin. Names are 1 to 128 characters of letters,
 * digits and {@code . _ - + @ : /}, start with a letter or digit, and contain no {@code ..} or {@code //}
 * and do not end with {@code /} (so {@code org/model-7b} is a name). Thread-safe.
 */
public final class ModelRegistry {
    /** Longest registry file read, in characters (thousands of entries fit in a few hundred kilobytes). */
    private static final int MAX_REGISTRY_CHARS = 16 * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+@:/-]{0,127}");

    private final StoreLayout layout;
    private final StoreLock lock;

    ModelRegistry(StoreLayout layout, StoreLock lock) {
        this.layout = layout;
        this.lock = lock;
    }

    /** Checks a model name; {@link ErrorCode#INVALID_ARGUMENT} with the rule if it is not one. */
    public static String checkName(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..") || name.contains("//") || name.endsWith("/")) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "bad model name \"" + name + "\": use 1 to 128 letters, digits and . _ - + @ : /,"
                    + " starting with a letter or digit, without .. or // and not ending with / (e.g. llama-3-8b or org/model)");
        }
        return name;
    }

    /** All entries, ordered by name. */
    public List<ModelEntry> list() {
        return new ArrayList<>(read().values());
    }

    /** The entry named {@code name}, if any. */
    public Optional<ModelEntry> get(String name) {
        return Optional.ofNullable(read().get(checkName(name)));
    }

    /**
     * Records {@code entry}. Callers must have synced the entry's blocks first ({@link ModelStore} does).
     *
     * @param replace whether an existing entry of that name may be replaced
     * @return the entry it replaced, if any
     * @throws AccelException {@link ErrorCode#INVALID_ARGUMENT} if the name is taken and {@code replace} is false
     */
    public Optional<ModelEntry> put(ModelEntry entry, boolean replace) {
        try (StoreLock.Lease shared = lock.shared(); StoreLock.Lease meta = lock.metadata()) {
            TreeMap<String, ModelEntry> all = read();
            ModelEntry old = all.get(entry.name());
            if (old != null && !replace) {
                throw taken(old);
            }
            all.put(entry.name(), entry);
            write(all);
            return Optional.ofNullable(old);
        }
    }

    /** Removes the entry named {@code name}; returns it, or empty if there was none. */
    public Optional<ModelEntry> remove(String name) {
        checkName(name);
        try (StoreLock.Lease shared = lock.shared(); StoreLock.Lease meta = lock.metadata()) {
            TreeMap<String, ModelEntry> all = read();
            ModelEntry old = all.remove(name);
            if (old != null) {
                write(all);
            }
            return Optional.ofNullable(old);
        }
    }

    static AccelException taken(ModelEntry old) {
        return new AccelException(ErrorCode.INVALID_ARGUMENT, "a model named \"" + old.name() + "\" already exists (root " + old.root()
                + "); remove it first (accel models rm " + old.name() + ") or replace it (--replace)");
    }

    private TreeMap<String, ModelEntry> read() {
        TreeMap<String, ModelEntry> all = new TreeMap<>();
        String text;
        try {
            text = Files.readString(layout.registry, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return all;
        } catch (IOException e) {
            throw new AccelException(ErrorCode.IO_ERROR, "cannot read the model registry " + layout.registry + ": " + e.getMessage(), e);
        }
        String where = "model registry " + layout.registry;
        try {
            if (text.length() > MAX_REGISTRY_CHARS) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, where + " holds " + text.length() + " characters, more than "
                        + MAX_REGISTRY_CHARS);
            }
            if (!(Json.parse(text, where) instanceof Map<?, ?> top) || !Long.valueOf(1).equals(top.get("version"))
                    || !(top.get("models") instanceof Map<?, ?> models)) {
                throw new AccelException(ErrorCode.MALFORMED_INPUT, where + " is not {\"version\": 1, \"models\": {...}}");
            }
            for (Map.Entry<?, ?> e : models.entrySet()) {
                String name = (String) e.getKey();
                if (!(e.getValue() instanceof Map<?, ?> m) || !(m.get("root") instanceof String root)
                        || !(m.get("manifest") instanceof Map<?, ?> manifest)) {
                    throw new AccelException(ErrorCode.MALFORMED_INPUT, where + ": entry \"" + name + "\" needs \"root\" and \"manifest\"");
                }
                all.put(name, new ModelEntry(name, Cid.parse(root), ModelManifest.fromMap(manifest, "\"" + name + "\" in " + where)));
            }
        } catch (AccelException e) {
            if (e.getMessage().contains(layout.registry.toString())) {
                throw e;
            }
            throw new AccelException(ErrorCode.MALFORMED_INPUT, where + " is malformed: " + e.getMessage(), e);
        }
        return all;
    }

    private void write(TreeMap<String, ModelEntry> all) {
        Map<String, Object> models = new LinkedHashMap<>();
        all.forEach((name, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("root", e.root().toString());
            m.put("manifest", e.manifest().toMap());
            models.put(name, m);
        });
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", 1L);
        top.put("models", models);
        AtomicFiles.write(layout.registry, Json.writePretty(top).getBytes(StandardCharsets.UTF_8), layout.tmp);
    }
}
