package dev.accel.model;

import java.util.Objects;

/**
 * One axis of a model input or output: a fixed size, or a symbolic (named) size that is bound when
 * the model runs, e.g. {@code batch_size} or {@code sequence_length}. An axis the model leaves
 * unnamed and unsized is symbolic with the name {@code "?"}.
 */
public sealed interface Dim permits Dim.Fixed, Dim.Symbolic {

    /** A fixed size, {@code >= 0}. */
    static Dim of(long size) {
        return new Fixed(size);
    }

    /** A symbolic size called {@code name} ({@code "?"} for an anonymous dynamic axis). */
    static Dim named(String name) {
        return new Symbolic(name);
    }

    /** True for a {@link Fixed} axis. */
    default boolean isFixed() {
        return this instanceof Fixed;
    }

    /** An axis of fixed size. */
    record Fixed(long size) implements Dim {
        public Fixed {
            if (size < 0) {
                throw new IllegalArgumentException("a fixed dimension must be >= 0, got " + size);
            }
        }

        @Override
        public String toString() {
            return Long.toString(size);
        }
    }

    /** An axis whose size is chosen by the caller at run time; axes that share a name must agree. */
    record Symbolic(String name) implements Dim {
        /** The name of an axis that the model leaves dynamic without naming it. */
        public static final String ANONYMOUS = "?";

        public Symbolic {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a symbolic dimension needs a name; use \"" + ANONYMOUS + "\" for an anonymous one");
            }
        }

        /** True for an anonymous dynamic axis, which is never tied to other axes. */
        public boolean isAnonymous() {
            return ANONYMOUS.equals(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
