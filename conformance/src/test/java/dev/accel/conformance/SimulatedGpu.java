package dev.accel.conformance;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Availability;
import dev.accel.backend.Backend;
import dev.accel.backend.BinaryOp;
import dev.accel.backend.Device;
import dev.accel.backend.DeviceCaps;
import dev.accel.backend.DeviceKind;
import dev.accel.backend.Event;
import dev.accel.backend.OpKind;
import dev.accel.backend.Ops;
import dev.accel.backend.ReduceOp;
import dev.accel.backend.Stream;
import dev.accel.backend.UnaryOp;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.DType;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device shaped like a GPU, for testing the kit's device paths without one: its {@link MemoryKind#DEVICE}
 * memory is a zero-length token (as a real backend's is), backed by host memory only this class can find; it
 * also has pinned host memory, streams and events. Ops run on the CPU backend over the backing memory, and
 * reject tensors of any other device, as a real backend must.
 */
final class SimulatedGpu implements Device, Backend {
    private final Device cpu;
    private final Map<Long, MemorySegment> backing = new ConcurrentHashMap<>();
    private final AtomicLong nextToken = new AtomicLong(0x1000);
    private final Ops ops;

    SimulatedGpu(Device cpu) {
        this.cpu = cpu;
        this.ops = new SimOps();
    }

    @Override
    public String name() {
        return "simgpu:0";
    }

    @Override
    public Availability availability() {
        return Availability.ok("simulated");
    }

    @Override
    public List<Device> devices() {
        return List.of(this);
    }

    @Override
    public int score() {
        return -1;
    }

    @Override
    public Backend backend() {
        return this;
    }

    @Override
    public String description() {
        return "a GPU-shaped device simulated over host memory (conformance kit tests)";
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.GPU;
    }

    @Override
    public OptionalLong totalMemory() {
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong freeMemory() {
        return OptionalLong.empty();
    }

    @Override
    public DeviceCaps caps() {
        return new DeviceCaps(true, true, false, false, true);
    }

    @Override
    public Set<MemoryKind> memoryKinds() {
        return Set.of(MemoryKind.HOST, MemoryKind.PINNED_HOST, MemoryKind.DEVICE);
    }

    @Override
    public MemoryKind defaultMemoryKind() {
        return MemoryKind.DEVICE;
    }

    @Override
    public Memory allocate(MemoryScope scope, MemoryKind kind, long byteSize) {
        return switch (kind) {
            case HOST -> scope.allocateHost(byteSize);
            case PINNED_HOST -> new Memory(MemoryKind.PINNED_HOST, this, scope.allocateHost(byteSize).hostSegment(), scope, byteSize);
            case DEVICE -> {
                MemorySegment store = scope.allocateHost(byteSize).hostSegment();
                long token = nextToken.getAndAdd(Math.max(64, byteSize));
                backing.put(token, store);
                scope.onClose(() -> backing.remove(token));
                yield new Memory(MemoryKind.DEVICE, this, MemorySegment.ofAddress(token), scope, byteSize);
            }
            case MAPPED_FILE -> throw new AccelException(ErrorCode.UNSUPPORTED, "simgpu allocates no mappings");
        };
    }

    /** {@code t} as a host view: device tensors through their backing memory; a tensor of another device is rejected. */
    Tensor host(String what, Tensor t) {
        Memory m = t.memory();
        if (m.kind() != MemoryKind.DEVICE) {
            m.checkAlive();
            return t;
        }
        if (m.device().orElse(null) != this) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, what + " is in memory of " + m.device().map(Device::name).orElse("?")
                    + ", which simgpu:0 cannot address");
        }
        MemorySegment token = m.rawSegment(); // checks liveness
        MemorySegment store = backing.get(token.address());
        return Tensor.view(Memory.wrap(store), t.dtype(), t.shape(), t.strides(), t.offset());
    }

    @Override
    public Ops ops() {
        return ops;
    }

    @Override
    public boolean supports(OpKind op, DType dtype) {
        return cpu.supports(op, dtype);
    }

    @Override
    public Stream newStream() {
        return new SimStream();
    }

    private final class SimStream implements Stream {
        private boolean closed;

        @Override
        public Device device() {
            return SimulatedGpu.this;
        }

        private void open() {
            if (closed) {
                throw new IllegalStateException("stream closed");
            }
        }

        @Override
        public void copy(Tensor src, Tensor dst) {
            open();
            cpu.ops().copy(host("src", src), host("dst", dst));
        }

        @Override
        public Event record() {
            open();
            return new Event() {
                private boolean eventClosed;

                @Override
                public boolean isDone() {
                    check();
                    return true;
                }

                @Override
                public void synchronize() {
                    check();
                }

                private void check() {
                    if (eventClosed) {
                        throw new IllegalStateException("event closed");
                    }
                }

                @Override
                public void close() {
                    eventClosed = true;
                }
            };
        }

        @Override
        public void waitFor(Event event) {
            open();
            event.synchronize();
        }

        @Override
        public void synchronize() {
            open();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final class SimOps implements Ops {
        private final Ops c = cpu.ops();

        @Override
        public Device device() {
            return SimulatedGpu.this;
        }

        @Override
        public void matmul(Tensor a, Tensor b, Tensor out) {
            c.matmul(host("a", a), host("b", b), host("out", out));
        }

        @Override
        public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
            c.binary(op, host("a", a), host("b", b), host("out", out));
        }

        @Override
        public void unary(UnaryOp op, Tensor x, Tensor out) {
            c.unary(op, host("x", x), host("out", out));
        }

        @Override
        public void scale(Tensor x, double factor, Tensor out) {
            c.scale(host("x", x), factor, host("out", out));
        }

        @Override
        public void softmax(Tensor x, Tensor out) {
            c.softmax(host("x", x), host("out", out));
        }

        @Override
        public void layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out) {
            c.layerNorm(host("x", x), host("gamma", gamma), host("beta", beta), eps, host("out", out));
        }

        @Override
        public void rmsNorm(Tensor x, Tensor gamma, double eps, Tensor out) {
            c.rmsNorm(host("x", x), host("gamma", gamma), eps, host("out", out));
        }

        @Override
        public void gather(Tensor table, Tensor indices, Tensor out) {
            c.gather(host("table", table), host("indices", indices), host("out", out));
        }

        @Override
        public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
            c.reduce(op, host("x", x), axis, host("out", out));
        }

        @Override
        public void cast(Tensor x, Tensor out) {
            c.cast(host("x", x), host("out", out));
        }

        @Override
        public void concat(List<Tensor> parts, int axis, Tensor out) {
            c.concat(parts.stream().map(p -> host("part", p)).toList(), axis, host("out", out));
        }

        @Override
        public void copy(Tensor src, Tensor dst) {
            c.copy(host("src", src), host("dst", dst));
        }
    }
}
