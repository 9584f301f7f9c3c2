package org.jtracemalloc.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A block of trace slots. One thread appends to it (no lock, no CAS: a plain slot store, then the
 * count published with release semantics, which is a plain store on x86); the holders of the
 * store lock read slots below the published count and null out the dead ones.
 *
 * <p>A thread's chunks form a chain from its newest chunk ({@link #older}); the sweeper detaches
 * the full ones and keeps them in the generation's retired list, where it packs sparse ones.
 */
final class TraceChunk {
    static final int MIN_CAPACITY = 16;
    static final int MAX_CAPACITY = 1024;
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(TraceChunk.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final TracedRef[] slots;
    @SuppressWarnings("unused") // accessed through COUNT
    private int count;
    /** The chunk this thread filled before this one; written by the owner before publication, later only under the store lock. */
    TraceChunk older;
    /** Live slots found by the last sweep; lock holders only. */
    int live;

    TraceChunk(int capacity, TraceChunk older) {
        this.slots = new TracedRef[capacity];
        this.older = older;
    }

    /** Owner only. False when full. */
    boolean tryAppend(TracedRef ref) {
        int n = (int) COUNT.get(this);
        if (n == slots.length) {
            return false;
        }
        slots[n] = ref;
        COUNT.setRelease(this, n + 1);
        return true;
    }

    /** How many slots were appended; every slot below it is visible to the caller. */
    int published() {
        return (int) COUNT.getAcquire(this);
    }

    /** Lock holders only, on a chunk no thread appends to: fills it from {@code refs}. */
    void fill(TracedRef[] refs, int from, int n) {
        System.arraycopy(refs, from, slots, 0, n);
        COUNT.setRelease(this, n);
    }

    int capacity() {
        return slots.length;
    }

    long estimatedBytes() {
        return 32 + 16 + 4L * slots.length;
    }
}
