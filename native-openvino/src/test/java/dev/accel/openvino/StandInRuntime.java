package dev.accel.openvino;

import dev.accel.openvino.standin.StandIn;

import java.util.Map;

/** The backend's discovery pointed at the stand-in through {@code $ACCEL_OPENVINO_C}, as a user could. */
final class StandInRuntime {
    private static OpenVinoLibrary allowed;

    private StandInRuntime() {
    }

    /** Found, with the stand-in explicitly allowed (tests only). One per JVM: its core lives as long as the process. */
    static synchronized OpenVinoLibrary allowed(StandIn standIn) {
        if (allowed == null) {
            allowed = OpenVinoLibrary.load(search(standIn), true);
        }
        return allowed;
    }

    /** Found as production code would find it: the stand-in is refused. */
    static OpenVinoLibrary refused(StandIn standIn) {
        return OpenVinoLibrary.load(search(standIn), false);
    }

    private static dev.accel.bindings.LibrarySearch search(StandIn standIn) {
        return OpenVinoLibrary.search(Map.of(OpenVinoLibrary.OVERRIDE_VARIABLE, standIn.path().toString())::get);
    }
}
