package dev.accel.openvino.core;

import dev.accel.AccelException;
import dev.accel.bindings.CStructs;
import dev.accel.bindings.CTypes;
import dev.accel.bindings.Upcall;
import dev.accel.openvino.capi.OvLayouts;
import dev.accel.openvino.capi.OvStatus;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One inference of a compiled model at a time ({@code ov_infer_request_t}): set the inputs (and,
 * optionally, outputs) as tensors over memory the caller owns, run synchronously ({@link #infer()}) or
 * asynchronously ({@link #startAsync()} with an optional {@link #onComplete completion callback}),
 * then read the outputs.
 *
 * <p>Not thread-safe: one thread drives a request (the completion callback runs on an OpenVINO thread).
 * {@link #close()} waits for an asynchronous inference in flight, then frees the request, and only
 * then frees the callback stub and its {@code ov_callback_t} (OpenVINO keeps a pointer to that struct).
 */
public final class OvInferRequest extends OvObject {
    /** {@code void (*callback_func)(void* args)}. */
    private static final FunctionDescriptor CALLBACK_FUNC = FunctionDescriptor.ofVoid(CTypes.C_POINTER);

    /** Owns the callback stub and struct; closed after the request is freed. */
    private final Arena callbackArena = Arena.ofShared();
    private Upcall callback;
    private boolean asyncInFlight;

    OvInferRequest(OvLibrary library, MemorySegment handle) {
        super(library, "OpenVINO infer request", handle);
    }

    /** Uses {@code tensor} as input {@code index} ({@code ov_infer_request_set_input_tensor_by_index}). */
    public void setInput(int index, OvTensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        library.check(library.api().ov_infer_request_set_input_tensor_by_index(handle(), index, tensor.handle()),
                "ov_infer_request_set_input_tensor_by_index(" + index + ")");
    }

    /** Makes OpenVINO write output {@code index} into {@code tensor} ({@code ov_infer_request_set_output_tensor_by_index}). */
    public void setOutput(int index, OvTensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        library.check(library.api().ov_infer_request_set_output_tensor_by_index(handle(), index, tensor.handle()),
                "ov_infer_request_set_output_tensor_by_index(" + index + ")");
    }

    /** Runs the model on the inputs set, blocking ({@code ov_infer_request_infer}). */
    public void infer() {
        library.check(library.api().ov_infer_request_infer(handle()), "ov_infer_request_infer");
    }

    /**
     * Registers {@code action} to run on OpenVINO's thread when an asynchronous inference completes
     * ({@code ov_infer_request_set_callback}). It must not block or throw; if it throws, the exception
     * is recorded and rethrown by the next {@link #await()}. Replaces an earlier callback (whose stub
     * stays allocated until {@link #close()}, since OpenVINO may still hold it).
     */
    public void onComplete(Runnable action) {
        Objects.requireNonNull(action, "action");
        MemorySegment h = handle();
        Consumer<MemorySegment> target = ignoredArgs -> action.run();
        Upcall upcall = Upcall.create(callbackArena, CALLBACK_FUNC, Consumer.class, target, null);
        MemorySegment struct = callbackArena.allocate(OvLayouts.CALLBACK);
        CStructs.field(OvLayouts.CALLBACK, "callback_func").set(struct, upcall.address());
        CStructs.field(OvLayouts.CALLBACK, "args").set(struct, MemorySegment.NULL);
        library.check(library.api().ov_infer_request_set_callback(h, struct), "ov_infer_request_set_callback");
        callback = upcall;
    }

    /** Starts the inference and returns at once ({@code ov_infer_request_start_async}). */
    public void startAsync() {
        library.check(library.api().ov_infer_request_start_async(handle()), "ov_infer_request_start_async");
        asyncInFlight = true;
    }

    /**
     * Waits for the asynchronous inference ({@code ov_infer_request_wait}).
     *
     * @throws AccelException with the inference's status if it failed, or wrapping what the completion callback threw
     */
    public void await() {
        int status = library.api().ov_infer_request_wait(handle());
        asyncInFlight = false;
        library.check(status, "ov_infer_request_wait");
        throwIfCallbackFailed();
    }

    /**
     * Waits at most {@code timeout} ({@code ov_infer_request_wait_for}, milliseconds).
     *
     * @return true when the inference completed, false on timeout ({@code RESULT_NOT_READY})
     */
    public boolean await(Duration timeout) {
        long millis = Math.max(0, timeout.toMillis());
        int status = library.api().ov_infer_request_wait_for(handle(), millis);
        if (status == OvStatus.RESULT_NOT_READY.code()) {
            return false;
        }
        asyncInFlight = false;
        library.check(status, "ov_infer_request_wait_for(" + millis + " ms)");
        throwIfCallbackFailed();
        return true;
    }

    /**
     * A new handle on output {@code index} ({@code ov_infer_request_get_output_tensor_by_index}); the
     * caller closes it. Its data belongs to the request (or is the tensor given to {@link #setOutput}).
     */
    public OvTensor outputTensor(int index) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = OvLibrary.pointerSlot(arena);
            library.check(library.api().ov_infer_request_get_output_tensor_by_index(handle(), index, slot),
                    "ov_infer_request_get_output_tensor_by_index(" + index + ")");
            return new OvTensor(library, OvLibrary.pointerIn(slot));
        }
    }

    private void throwIfCallbackFailed() {
        if (callback != null) {
            callback.throwIfFailed("the OpenVINO completion callback");
        }
    }

    @Override
    void release(MemorySegment h) {
        try {
            if (asyncInFlight) {
                library.api().ov_infer_request_wait(h); // its status is the inference's; nothing is left to report it to
            }
            library.api().ov_infer_request_free(h);
        } finally {
            callbackArena.close();
        }
    }
}
