package dev.accel.cuda.ops;

import dev.accel.AccelException;
import dev.accel.ErrorCode;
import dev.accel.backend.Device;
import dev.accel.memory.Memory;
import dev.accel.memory.MemoryKind;
import dev.accel.memory.MemoryScope;
import dev.accel.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link KernelRuntime} that records launches, GEMMs and synchronizations instead of running them (only
 * {@code set_u64}, a one-word store, is emulated). Device addresses are host addresses of
 * {@link FakeCudaDevice} memory.
 */
final class RecordingKernelRuntime implements KernelRuntime {
    /** One recorded launch. */
    record Launch(String source, String kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                  int sharedBytes, List<KernelArg> args) {
        KernelArg arg(int i) {
            return args.get(i);
        }

        long pointer(int i) {
            return ((KernelArg.Pointer) args.get(i)).address();
        }

        long i64(int i) {
            return ((KernelArg.I64) args.get(i)).value();
        }

        int i32(int i) {
            return ((KernelArg.I32) args.get(i)).value();
        }

        double f64(int i) {
            return ((KernelArg.F64) args.get(i)).value();
        }

        Desc desc(int i) {
            return Desc.parse((KernelArg.ByValue) args.get(i));
        }
    }

    final FakeCudaDevice device;
    final List<Launch> launches = new ArrayList<>();
    final List<GemmSpec> gemms = new ArrayList<>();
    /** The order of everything queued or waited for: kernel names, "gemm" and "sync". */
    final List<String> events = new ArrayList<>();
    int synchronizations;
    /** Called for every launch, after recording it (e.g. to emulate what a kernel writes). */
    Consumer<Launch> onLaunch = l -> {
    };

    RecordingKernelRuntime(FakeCudaDevice device) {
        this.device = device;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public long deviceAddress(Tensor t) {
        if (t.memoryKind() != MemoryKind.DEVICE || t.memory().device().orElse(null) != device) {
            throw new AccelException(ErrorCode.INVALID_ARGUMENT, "not in " + device.name() + "'s device memory: " + t);
        }
        return t.memory().rawSegment().address() + t.offset() * t.dtype().byteSize();
    }

    @Override
    public void launch(String source, String kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedBytes, KernelArg... args) {
        Launch l = new Launch(source, kernel, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, List.of(args));
        launches.add(l);
        events.add(kernel);
        if (kernel.equals(Kernel.SET_U64.entry)) { // trivial enough to emulate: *p = v
            MemorySegment.ofAddress(l.pointer(0)).reinterpret(8).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, l.i64(1));
        }
        onLaunch.accept(l);
    }

    @Override
    public void gemm(GemmSpec spec) {
        gemms.add(spec);
        events.add("gemm");
    }

    @Override
    public Memory scratch(MemoryScope scope, long byteSize) {
        return device.allocate(scope, MemoryKind.DEVICE, byteSize);
    }

    @Override
    public void synchronize() {
        synchronizations++;
        events.add("sync");
    }

    Launch only() {
        if (launches.size() != 1) {
            throw new AssertionError("expected one launch, got " + launches.stream().map(Launch::kernel).toList());
        }
        return launches.getFirst();
    }
}
