package dev.accel.model;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link ModelSession} is prepared. Immutable; start from {@link #defaults()} and use the
 * {@code with...} methods.
 *
 * @param intraOpThreads threads used inside one operator; 0 lets the runtime choose (normally one per core)
 * @param interOpThreads threads used to run independent operators in parallel; 0 lets the runtime choose
 * @param optimization   how much the runtime may rewrite the graph before running it
 * @param providers      execution providers in order of preference, never empty; every one must be
 *                       present in the runtime's build or {@link ModelRuntime#open} fails
 */
public record SessionOptions(int intraOpThreads, int interOpThreads, OptimizationLevel optimization,
                             List<ExecutionProvider> providers) {

    /** Graph optimization levels, after ONNX Runtime's (other runtimes map them to their nearest). */
    public enum OptimizationLevel {
        /** Run the graph as written. */
        NONE,
        /** Semantics-preserving rewrites: constant folding, redundant node removal. */
        BASIC,
        /** Also fuse nodes into provider-specific kernels. */
        EXTENDED,
        /** Everything the runtime has, including layout changes. The default. */
        ALL
    }

    public SessionOptions {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0 = runtime default), got intra="
                    + intraOpThreads + ", inter=" + interOpThreads);
        }
        Objects.requireNonNull(optimization, "optimization");
        providers = List.copyOf(providers);
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("at least one execution provider is needed (e.g. CPU)");
        }
        if (providers.stream().distinct().count() != providers.size()) {
            throw new IllegalArgumentException("execution providers repeat: " + providers);
        }
    }

    /** Runtime-chosen thread counts, {@link OptimizationLevel#ALL}, CPU only. */
    public static SessionOptions defaults() {
        return new SessionOptions(0, 0, OptimizationLevel.ALL, List.of(ExecutionProvider.CPU));
    }

    public SessionOptions withIntraOpThreads(int threads) {
        return new SessionOptions(threads, interOpThreads, optimization, providers);
    }

    public SessionOptions withInterOpThreads(int threads) {
        return new SessionOptions(intraOpThreads, threads, optimization, providers);
    }

    public SessionOptions withOptimization(OptimizationLevel level) {
        return new SessionOptions(intraOpThreads, interOpThreads, level, providers);
    }

    /** Providers in order of preference, e.g. {@code withProviders(CUDA, CPU)}. */
    public SessionOptions withProviders(ExecutionProvider... preferred) {
        return new SessionOptions(intraOpThreads, interOpThreads, optimization, List.of(preferred));
    }
}
