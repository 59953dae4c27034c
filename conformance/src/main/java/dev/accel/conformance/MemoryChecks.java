package dev.accel.conformance;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Event;
import dev.accel.backend.OpKind;
import dev.accel.backend.PreparedMatrix;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.Stream;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The checks that are not about numbers: allocate/free cycles for every memory kind the device lists,
 * copies between every pair of kinds, ordered asynchronous copies with events, use-after-close errors, and
 * placement (results land in the device's memory; tensors and prepared matrices of another device are
 * rejected, never silently copied).
 *
 * <p>Copies are made with {@link Device#copy}: on a device whose memory is host memory (a CPU) between every
 * pair of kinds it lists, elsewhere between every pair where one side is memory the device owns
 * ({@link MemoryKind#DEVICE}, {@link MemoryKind#PINNED_HOST}). {@link MemoryKind#MAPPED_FILE} memory is made with {@link Memory#mapFile} (the API's only way to map a
 * file; devices read mappings, they do not allocate them) and is only ever a copy source: mappings are read-only.
 */
final class MemoryChecks {
    private static final long[] SIZES = {0, 1, 4099, 1 << 20};
    private static final int CYCLES = 8;

    private final Device device;
    private final String dev;
    private final long seed;
    private final List<CaseResult> rows = new ArrayList<>();

    private MemoryChecks(Device device, long seed) {
        this.device = device;
        this.dev = device.name();
        this.seed = seed;
    }

    static List<CaseResult> run(Device device, KitOptions options) {
        MemoryChecks m = new MemoryChecks(device, options.seed());
        m.capabilities();
        m.allocCycles();
        m.copies();
        m.streams();
        m.closed();
        m.placement();
        return m.rows;
    }

    private interface Check {
        /** Returns "" when the check passed, or what went wrong. */
        String run() throws Exception;
    }

    private void check(String check, String dtype, String caseName, Check body) {
        String failure;
        try {
            failure = body.run();
        } catch (Exception | AssertionError | LinkageError e) {
            failure = "threw " + e;
        }
        rows.add(CaseResult.of(dev, check, dtype, caseName, failure.isEmpty() ? Status.PASS : Status.FAIL, failure));
    }

    private void skip(String check, String caseName, String reason) {
        rows.add(CaseResult.of(dev, check, "-", caseName, Status.SKIPPED, reason));
    }

    private static String kind(MemoryKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    // ---- capabilities ---------------------------------------------------------------------------

    /**
     * The capabilities and memory kinds tell one story. (caps.mappedFiles is not tied to MAPPED_FILE: a device
     * may copy from mappings through a staging buffer without reading them directly.)
     */
    private void capabilities() {
        check("caps", "-", "memoryKinds() contains defaultMemoryKind(); caps.pinnedHost iff PINNED_HOST is listed", () -> {
            var kinds = device.memoryKinds();
            var caps = device.caps();
            StringBuilder bad = new StringBuilder();
            if (!kinds.contains(device.defaultMemoryKind())) {
                bad.append("memoryKinds() ").append(kinds).append(" lacks the default kind ").append(device.defaultMemoryKind()).append("; ");
            }
            if (caps.pinnedHost() != kinds.contains(MemoryKind.PINNED_HOST)) {
                bad.append("caps.pinnedHost is ").append(caps.pinnedHost()).append(" but memoryKinds() is ").append(kinds).append("; ");
            }
            return bad.toString();
        });
    }

    // ---- allocate / free ------------------------------------------------------------------------

    private void allocCycles() {
        for (MemoryKind kind : device.memoryKinds()) {
            if (kind == MemoryKind.MAPPED_FILE) {
                check("memory.alloc", "-", "map, read and unmap a file " + CYCLES + " times", () -> {
                    for (int c = 0; c < CYCLES; c++) {
                        byte[] data = pattern(4099, c);
                        Memory m;
                        try (MemoryScope scope = MemoryScope.shared(); TempFile f = TempFile.of(data)) {
                            m = Memory.mapFile(f.path, scope);
                            byte[] back = m.hostSegment().toArray(ValueLayout.JAVA_BYTE);
                            if (m.kind() != MemoryKind.MAPPED_FILE || !Arrays.equals(back, data)) {
                                return "mapped memory has kind " + m.kind() + " or wrong bytes";
                            }
                        }
                        if (m.isAlive()) {
                            return "mapped memory is still alive after its scope closed";
                        }
                    }
                    return "";
                });
                continue;
            }
            check("memory.alloc", "-", kind(kind) + ": allocate, fill, read back and free " + Arrays.toString(SIZES) + " bytes, " + CYCLES
                    + " cycles", () -> {
                for (int c = 0; c < CYCLES; c++) {
                    for (long size : SIZES) {
                        Memory m;
                        try (MemoryScope scope = MemoryScope.shared()) {
                            m = device.allocate(scope, kind, size);
                            String bad = owned(m, kind, size);
                            if (!bad.isEmpty()) {
                                return bad;
                            }
                            byte[] data = pattern((int) size, c);
                            Tensor t = Tensor.view(m, DType.U8, size);
                            Tensor.copyOf(scope, data, DType.U8, size).copyTo(t);
                            Tensor back = Tensor.zeros(scope, DType.U8, size);
                            t.copyTo(back);
                            if (size > 0 && !Arrays.equals(back.asSegment().toArray(ValueLayout.JAVA_BYTE), data)) {
                                return size + " bytes of " + kind + " memory did not read back what was written (cycle " + c + ")";
                            }
                        }
                        if (m.isAlive()) {
                            return kind + " memory is still alive after its scope closed";
                        }
                    }
                }
                return "";
            });
        }
    }

    /** "" when {@code m} is {@code kind} memory of {@code size} bytes that this device owns (when the kind has an owner). */
    private String owned(Memory m, MemoryKind kind, long size) {
        if (m.kind() != kind || m.byteSize() != size) {
            return "allocate(" + kind + ", " + size + ") returned " + m;
        }
        if ((kind == MemoryKind.DEVICE || kind == MemoryKind.PINNED_HOST) && m.device().orElse(null) != device) {
            return "allocate(" + kind + ") returned memory owned by " + m.device().map(Device::name).orElse("no device") + ", not " + dev;
        }
        return "";
    }

    private static boolean owned(MemoryKind k) {
        return k == MemoryKind.DEVICE || k == MemoryKind.PINNED_HOST;
    }

    static byte[] pattern(int n, int salt) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(n * 31L + salt);
        r.nextBytes(b);
        return b;
    }

    // ---- copies between kinds -------------------------------------------------------------------

    private void copies() {
        List<MemoryKind> kinds = device.memoryKinds().stream().sorted().toList();
        boolean hostDevice = device.defaultMemoryKind().isHostAccessible();
        for (MemoryKind from : kinds) {
            for (MemoryKind to : kinds) {
                if (to == MemoryKind.MAPPED_FILE) {
                    continue; // mappings are read-only
                }
                if (!hostDevice && !owned(from) && !owned(to)) {
                    continue; // Device.copy needs one side in memory the device owns; host-to-host copies are not its job
                }
                for (boolean strided : new boolean[] {false, true}) {
                    String name = kind(from) + " -> " + kind(to) + (strided ? ", strided source (step 2)" : ", f32[1031]");
                    check("memory.copy", "f32", name, () -> copyPair(from, to, strided));
                }
            }
        }
    }

    private String copyPair(MemoryKind from, MemoryKind to, boolean strided) throws IOException {
        int n = 1031;
        long[] srcShape = strided ? new long[] {2 * n} : new long[] {n};
        float[] values = new float[(int) srcShape[0]];
        SplittableRandom r = new SplittableRandom(seed ^ (from.ordinal() * 7L + to.ordinal()));
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextDouble(-1e6, 1e6);
        }
        try (MemoryScope scope = MemoryScope.shared(); TempFile file = from == MemoryKind.MAPPED_FILE ? TempFile.of(bytes(values)) : null) {
            Tensor host = Tensor.copyOf(scope, values, srcShape);
            Tensor src;
            if (from == MemoryKind.MAPPED_FILE) {
                src = Tensor.view(Memory.mapFile(file.path, scope), DType.F32, srcShape);
            } else {
                src = Tensor.empty(device, from, scope, DType.F32, srcShape);
                host.copyTo(src);
            }
            Tensor dst = Tensor.empty(device, to, scope, DType.F32, n);
            Tensor srcView = strided ? src.slice(0, 0, 2L * n, 2) : src;
            device.copy(srcView, dst);
            Tensor back = Tensor.zeros(scope, DType.F32, n);
            dst.copyTo(back);
            float[] got = back.toFloatArray();
            for (int i = 0; i < n; i++) {
                float want = values[strided ? 2 * i : i];
                if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want)) {
                    return "element " + i + ": expected " + want + ", got " + got[i];
                }
            }
            if (dst.memoryKind() != to) {
                return "destination is " + dst.memoryKind() + " memory, expected " + to;
            }
            return "";
        }
    }

    private static byte[] bytes(float[] values) {
        MemorySegment s = MemorySegment.ofArray(new byte[values.length * 4]);
        for (int i = 0; i < values.length; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, values[i]);
        }
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A temporary file, deleted on close. */
    private record TempFile(Path path) implements AutoCloseable {
        static TempFile of(byte[] data) throws IOException {
            Path p = Files.createTempFile("accel-conformance-", ".bin");
            Files.write(p, data);
            return new TempFile(p);
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- streams and events ---------------------------------------------------------------------

    private void streams() {
        int n = 1 << 16;
        boolean pinned = device.memoryKinds().contains(MemoryKind.PINNED_HOST);
        String host = pinned ? "pinned host" : "host";
        check("memory.stream", "f32", host + " -> device -> " + host + " on one stream, synchronize, " + n + " elements", () -> {
            try (MemoryScope scope = MemoryScope.shared(); Stream s = device.newStream()) {
                if (s.device() != device) {
                    return "newStream().device() is " + s.device().name() + ", not " + dev;
                }
                Tensor a = staging(scope, random(scope, n, 1), pinned);
                Tensor d = Tensor.empty(device, scope, DType.F32, n);
                Tensor b = staging(scope, Tensor.zeros(scope, DType.F32, n), pinned);
                s.copy(a, d);
                s.copy(d, b);
                s.synchronize();
                return same(a, b, "after synchronize");
            }
        });
        if (!device.caps().events()) {
            skip("memory.events", "copy on stream 1, record, wait on stream 2, copy back", "the device reports no events (DeviceCaps.events = false)");
            return;
        }
        check("memory.events", "f32", "8 rounds: copy in from " + host + " on stream 1, record, stream 2 waits, copies back; " + n
                + " elements", () -> {
            try (MemoryScope scope = MemoryScope.shared(); Stream s1 = device.newStream(); Stream s2 = device.newStream()) {
                for (int round = 0; round < 8; round++) {
                    Tensor a = staging(scope, random(scope, n, round), pinned);
                    Tensor d = Tensor.empty(device, scope, DType.F32, n);
                    Tensor b = staging(scope, Tensor.zeros(scope, DType.F32, n), pinned);
                    s1.copy(a, d);
                    try (Event e = s1.record()) {
                        s2.waitFor(e);
                        s2.copy(d, b);
                        Event done = s2.record();
                        done.synchronize();
                        if (!done.isDone() || !e.isDone()) {
                            done.close();
                            return "an event is not done after synchronize (round " + round + ")";
                        }
                        done.close();
                    }
                    String bad = same(a, b, "round " + round);
                    if (!bad.isEmpty()) {
                        return bad;
                    }
                }
                return "";
            }
        });
    }

    /** {@code host} itself, or (when {@code pinned}) a copy in the device's pinned host memory, where copies are truly asynchronous. */
    private Tensor staging(MemoryScope scope, Tensor host, boolean pinned) {
        if (!pinned) {
            return host;
        }
        Tensor p = Tensor.empty(device, MemoryKind.PINNED_HOST, scope, host.dtype(), host.shape());
        host.copyTo(p);
        return p;
    }

    private Tensor random(MemoryScope scope, int n, int salt) {
        float[] v = new float[n];
        SplittableRandom r = new SplittableRandom(seed + salt);
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return Tensor.copyOf(scope, v, n);
    }

    private static String same(Tensor a, Tensor b, String when) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                return when + ": element " + i + " expected " + x[i] + ", got " + y[i];
            }
        }
        return "";
    }

    // ---- use after close ------------------------------------------------------------------------

    private void closed() {
        check("memory.closed", "-", "a tensor whose scope is closed: copy from it throws IllegalStateException", () -> {
            Tensor t;
            try (MemoryScope scope = MemoryScope.shared()) {
                t = Tensor.empty(device, scope, DType.F32, 16);
            }
            try (MemoryScope scope = MemoryScope.shared()) {
                Tensor out = Tensor.empty(device, scope, DType.F32, 16);
                return expectIllegalState(() -> device.ops().copy(t, out), "ops().copy from freed memory")
                        + expectIllegalState(() -> t.copyTo(Tensor.zeros(scope, DType.F32, 16)), " Tensor.copyTo from freed memory");
            }
        });
        check("memory.closed", "-", "a closed stream: copy, record and synchronize throw IllegalStateException; close is idempotent", () -> {
            try (MemoryScope scope = MemoryScope.shared()) {
                Tensor a = Tensor.zeros(scope, DType.F32, 4);
                Tensor d = Tensor.empty(device, scope, DType.F32, 4);
                Stream s = device.newStream();
                s.close();
                s.close();
                return expectIllegalState(() -> s.copy(a, d), "copy") + expectIllegalState(s::record, " record")
                        + expectIllegalState(s::synchronize, " synchronize");
            }
        });
        if (device.caps().events()) {
            check("memory.closed", "-", "a closed event: isDone and synchronize throw IllegalStateException; close is idempotent", () -> {
                try (Stream s = device.newStream()) {
                    Event e = s.record();
                    e.close();
                    e.close();
                    return expectIllegalState(e::isDone, "isDone") + expectIllegalState(e::synchronize, " synchronize");
                }
            });
        }
        if (device.supports(OpKind.MATMUL, DType.F32)) {
            closedPrepared();
        }
    }

    /**
     * A prepared matrix ends with the memory it reads: the scope given to {@code prepare} when the backend copied
     * ({@code preparedBytes() > 0}), else its source's scope.
     */
    private void closedPrepared() {
        check("memory.closed", "f32", "a prepared matrix after its scope closed (prepare's scope when preparedBytes() > 0, else the "
                + "source's): matmul with it throws IllegalStateException", () -> {
            try (MemoryScope scope = MemoryScope.shared()) {
                Tensor a = Tensor.copyOf(scope, new float[] {1, 2, 3, 4, 5, 6}, 2, 3).to(device, scope);
                Tensor out = Tensor.empty(device, scope, DType.F32, 2, 2);
                MemoryScope sourceScope = MemoryScope.shared();
                MemoryScope prepareScope = MemoryScope.shared();
                PreparedMatrix p;
                try {
                    p = device.ops().prepare(Tensor.copyOf(sourceScope, new float[] {1, -1, 2, -2, 3, -3}, 3, 2).to(device, sourceScope), prepareScope);
                    device.ops().matmul(a, p, out);
                } catch (RuntimeException | Error e) {
                    sourceScope.close();
                    prepareScope.close();
                    throw e;
                }
                boolean copied = p.preparedBytes() > 0;
                if (copied) {
                    prepareScope.close();
                    String bad = expectIllegalState(() -> device.ops().matmul(a, p, out), "matmul with a prepared matrix whose prepare scope is closed ("
                            + p.preparedBytes() + " prepared bytes)");
                    sourceScope.close();
                    return bad;
                }
                sourceScope.close();
                String bad = expectIllegalState(() -> device.ops().matmul(a, p, out), "matmul with an as-is prepared matrix whose source's scope is closed");
                prepareScope.close();
                return bad;
            }
        });
    }

    private static String expectIllegalState(Runnable call, String what) {
        try {
            call.run();
            return what + " returned normally;";
        } catch (IllegalStateException e) {
            return "";
        } catch (RuntimeException e) {
            return what + " threw " + e + " instead of IllegalStateException;";
        }
    }

    // ---- placement ------------------------------------------------------------------------------

    private void placement() {
        if (!device.supports(OpKind.CAST, DType.F32) && !device.supports(OpKind.ADD, DType.F32)
                && !device.supports(OpKind.MATMUL, DType.F32)) {
            skip("placement", "results of the allocating ops live in " + dev + "'s memory",
                    "the device supports none of cast, add, matmul for f32 (a model-only backend)");
        } else {
            placementOfResults();
        }
        if (device.supports(OpKind.MATMUL, DType.F32)) {
            placementOfPrepared();
        }
        for (OpKind op : OpKind.values()) {
            DType t = DType.F32;
            if (!device.supports(op, t)) {
                continue;
            }
            check("placement", "f32", OpCatalog.name(op) + " with an input on " + ForeignDevice.INSTANCE.name() + " is rejected (INVALID_ARGUMENT)",
                    () -> foreign(op, t));
        }
    }

    /**
     * Matrices prepared by another device: an as-is one over a tensor that does live on this device (a backend that
     * ignored {@code PreparedMatrix.device()} would compute with it), and one in a layout only the foreign device knows.
     */
    private void placementOfPrepared() {
        String foreign = ForeignDevice.INSTANCE.name();
        check("placement", "f32", "matmul with an as-is matrix prepared on " + foreign + " (its source on " + dev
                + ") is rejected (INVALID_ARGUMENT)", () -> {
            try (Harness h = new Harness(device, seed)) {
                Tensor b = h.operand(DType.F32, Harness.View.CONTIGUOUS, 3, 2).device();
                PreparedMatrix p = PreparedMatrix.asIs(ForeignDevice.INSTANCE, b);
                return refused(h, p);
            }
        });
        check("placement", "f32", "matmul with a matrix in " + foreign + "'s own layout is rejected (INVALID_ARGUMENT)", () -> {
            try (Harness h = new Harness(device, seed)) {
                return refused(h, new ForeignLayout(3, 2));
            }
        });
    }

    private String refused(Harness h, PreparedMatrix p) {
        Tensor a = h.operand(DType.F32, Harness.View.CONTIGUOUS, 2, 3).device();
        Tensor out = h.empty(DType.F32, 2, 2);
        Comparison c = Expect.error(ErrorCode.INVALID_ARGUMENT, () -> device.ops().matmul(a, p, out));
        return c.passed() ? "" : c.firstMismatch();
    }

    /** A prepared matrix of {@link ForeignDevice}: a layout no backend reads, in memory none can address. */
    private record ForeignLayout(long rows, long columns) implements PreparedMatrix {
        @Override
        public Device device() {
            return ForeignDevice.INSTANCE;
        }

        @Override
        public DType sourceDtype() {
            return DType.F32;
        }

        @Override
        public long preparedBytes() {
            return rows * columns * 4;
        }

        @Override
        public String layout() {
            return "conformance-foreign panels";
        }
    }

    private void placementOfResults() {
        check("placement", "f32", "results of the allocating ops live in " + dev + "'s " + device.defaultMemoryKind() + " memory", () -> {
            try (MemoryScope scope = MemoryScope.shared()) {
                Tensor x = Tensor.copyOf(scope, new float[] {1, -2, 3, -4, 5, -6}, 2, 3).to(device, scope);
                List<Tensor> results = new ArrayList<>();
                if (device.supports(OpKind.CAST, DType.F32)) {
                    results.add(device.ops().cast(x, DType.F32, scope));
                }
                if (device.supports(OpKind.ADD, DType.F32)) {
                    results.add(device.ops().add(x, x, scope));
                }
                if (device.supports(OpKind.MATMUL, DType.F32)) {
                    results.add(device.ops().matmul(x, x.transpose(0, 1), scope));
                }
                if (results.isEmpty()) {
                    return "the device supports none of cast, add, matmul for f32; nothing to check";
                }
                for (Tensor r : results) {
                    Memory m = r.memory();
                    if (m.kind() != device.defaultMemoryKind()) {
                        return "a result is in " + m.kind() + " memory, expected " + device.defaultMemoryKind();
                    }
                    if (m.kind() == MemoryKind.DEVICE && m.device().orElse(null) != device) {
                        return "a result is in memory of " + m.device().map(Device::name).orElse("no device") + ", expected " + dev;
                    }
                }
                return "";
            }
        });
    }

    /** Calls {@code op} with its first operand in foreign memory; the device must throw INVALID_ARGUMENT. */
    private String foreign(OpKind op, DType t) {
        try (Harness h = new Harness(device, seed)) {
            Tensor f = ForeignDevice.INSTANCE.tensor(h.scope, t, 2, 3);
            Tensor ok = h.operand(t, Harness.View.CONTIGUOUS, 2, 3).device();
            Tensor out = h.empty(t, 2, 3);
            var ops = device.ops();
            Runnable call = switch (op) {
                case MATMUL -> () -> ops.matmul(f, h.operand(t, Harness.View.CONTIGUOUS, 3, 3).device(), out);
                case ADD, SUB, MUL, DIV -> () -> ops.binary(BinaryOp.valueOf(op.name()), ok, f, out);
                case SCALE -> () -> ops.scale(f, 2, out);
                case EXP, TANH, GELU_ERF, GELU_TANH, SILU, RELU -> () -> ops.unary(UnaryOp.valueOf(op.name()), f, out);
                case SOFTMAX -> () -> ops.softmax(f, out);
                case LAYER_NORM -> () -> ops.layerNorm(f, h.operand(t, Harness.View.CONTIGUOUS, 3).device(),
                        h.operand(t, Harness.View.CONTIGUOUS, 3).device(), 1e-5, out);
                case RMS_NORM -> () -> ops.rmsNorm(ok, ForeignDevice.INSTANCE.tensor(h.scope, t, 3), 1e-5, out);
                case SUM, MEAN, MAX -> () -> ops.reduce(ReduceOp.valueOf(op.name()), f, 1, h.empty(t, 2));
                case GATHER -> () -> ops.gather(f, h.operandOf(DType.I64, new double[] {1, 0}, 2).device(), out);
                case CAST -> () -> ops.cast(f, h.empty(DType.F64, 2, 3));
                case CONCAT -> () -> ops.concat(List.of(ok, f), 0, h.empty(t, 4, 3));
                case COPY -> () -> ops.copy(ok, ForeignDevice.INSTANCE.tensor(h.scope, t, 2, 3));
            };
            Comparison c = Expect.error(ErrorCode.INVALID_ARGUMENT, call);
            return c.passed() ? "" : c.firstMismatch();
        } catch (AccelException e) {
            return "setting up the check failed: " + e.getMessage();
        }
    }
}
