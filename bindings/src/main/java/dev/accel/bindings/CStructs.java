package dev.accel.bindings;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Struct and union layouts laid out by C's rules, and access to their members by name.
 *
 * <p>{@link java.lang.foreign.MemoryLayout#structLayout} places members back to back and rejects a
 * misaligned one; C instead inserts padding. {@link #struct} does what a C compiler does for the
 * platform's ABI without {@code #pragma pack}: each member starts at the next multiple of its
 * alignment ({@link MemoryLayout#byteAlignment()}), and the size is rounded up to a multiple of the
 * largest member alignment. Nested structs, unions and arrays ({@code sequenceLayout}) are members
 * like any other. For a packed member, pass it {@code withByteAlignment(1)}.
 *
 * <pre>{@code
 * // struct { char a; int b; double c; short d; }  -> size 24, offsets 0, 4, 8, 16
 * StructLayout s = CStructs.struct(
 *         CTypes.C_CHAR.withName("a"), CTypes.C_INT.withName("b"),
 *         CTypes.C_DOUBLE.withName("c"), CTypes.C_SHORT.withName("d"));
 * VarHandle b = CStructs.field(s, "b");            // (MemorySegment) -> int
 * int value = (int) b.get(segment);
 * }</pre>
 *
 * <p>The layout is only as right as the member list: it must follow the C header exactly, member
 * by member, with the platform types of {@link CTypes}.
 */
public final class CStructs {
    private CStructs() {
    }

    /**
     * A struct of {@code members}, in order, with C's padding inserted between them and at the end.
     * Padding members are unnamed.
     *
     * @throws IllegalArgumentException if there are no members, or two members share a name
     */
    public static StructLayout struct(MemoryLayout... members) {
        checkMembers(members);
        List<MemoryLayout> laidOut = new ArrayList<>(members.length * 2);
        long offset = 0;
        long alignment = 1;
        for (MemoryLayout member : members) {
            long padding = paddingBefore(offset, member.byteAlignment());
            if (padding > 0) {
                laidOut.add(MemoryLayout.paddingLayout(padding));
                offset += padding;
            }
            laidOut.add(member);
            offset = Math.addExact(offset, member.byteSize());
            alignment = Math.max(alignment, member.byteAlignment());
        }
        long trailing = paddingBefore(offset, alignment);
        if (trailing > 0) {
            laidOut.add(MemoryLayout.paddingLayout(trailing));
        }
        return MemoryLayout.structLayout(laidOut.toArray(MemoryLayout[]::new));
    }

    /**
     * A union of {@code members}, its size rounded up to a multiple of the largest member alignment
     * (by an unnamed padding member where needed), as C does.
     *
     * @throws IllegalArgumentException if there are no members, or two members share a name
     */
    public static UnionLayout union(MemoryLayout... members) {
        checkMembers(members);
        long size = 0;
        long alignment = 1;
        for (MemoryLayout member : members) {
            size = Math.max(size, member.byteSize());
            alignment = Math.max(alignment, member.byteAlignment());
        }
        long rounded = size + paddingBefore(size, alignment);
        if (rounded == size) {
            return MemoryLayout.unionLayout(members);
        }
        MemoryLayout[] withPadding = new MemoryLayout[members.length + 1];
        System.arraycopy(members, 0, withPadding, 0, members.length);
        withPadding[members.length] = MemoryLayout.paddingLayout(rounded);
        return MemoryLayout.unionLayout(withPadding);
    }

    /**
     * A {@link VarHandle} for the scalar member at {@code path} (one name per nesting level), with
     * the single coordinate {@code (MemorySegment)}: the segment must start at the struct.
     *
     * @throws IllegalArgumentException if no member has that path, or it is not a scalar
     *                                  ({@link java.lang.foreign.ValueLayout})
     */
    public static VarHandle field(MemoryLayout layout, String... path) {
        VarHandle handle = layout.varHandle(elements(path));
        return MethodHandles.insertCoordinates(handle, 1, 0L);
    }

    /**
     * The byte offset of the member at {@code path} (one name per nesting level).
     *
     * @throws IllegalArgumentException if no member has that path
     */
    public static long offsetOf(MemoryLayout layout, String... path) {
        return layout.byteOffset(elements(path));
    }

    /**
     * The part of {@code struct} that holds the member at {@code path}, e.g. a nested struct or an
     * array; a view, no copy, valid as long as {@code struct} is.
     *
     * @throws IllegalArgumentException if no member has that path
     * @throws IndexOutOfBoundsException if {@code struct} is too small for {@code layout}
     */
    public static MemorySegment slice(MemorySegment struct, MemoryLayout layout, String... path) {
        return struct.asSlice(offsetOf(layout, path), layout.select(elements(path)).byteSize());
    }

    private static PathElement[] elements(String... path) {
        if (path.length == 0) {
            throw new IllegalArgumentException("a member path needs at least one name");
        }
        PathElement[] elements = new PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = PathElement.groupElement(path[i]);
        }
        return elements;
    }

    private static long paddingBefore(long offset, long alignment) {
        long misalignment = offset % alignment;
        return misalignment == 0 ? 0 : alignment - misalignment;
    }

    private static void checkMembers(MemoryLayout... members) {
        if (members.length == 0) {
            throw new IllegalArgumentException("a C struct or union needs at least one member");
        }
        Set<String> names = new HashSet<>();
        for (MemoryLayout member : members) {
            member.name().ifPresent(name -> {
                if (!names.add(name)) {
                    throw new IllegalArgumentException("two members are named '" + name + "'");
                }
            });
        }
    }
}
