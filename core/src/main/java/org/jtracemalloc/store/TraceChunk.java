package org.jtracemalloc.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * A block of trace slots: per slot, the liveness handle of a heap object, its traceback id and its
 * size. One thread appends (no lock, no CAS: plain stores, then the count published with release
 * semantics, a plain store on x86); the holders of the store lock read the slots below the
 * published count and null out the handles of the dead.
 *
 * <p>The handle is a plain {@link WeakReference} without a queue: the GC only clears it, never
 * enqueues it, so there is no Reference Handler work and no drain thread to fall behind; the
 * sweeper finds the dead with {@code refersTo(null)}, and {@code refersTo(obj)} answers
 * {@code getObjectTraceback}. The traceback id and the size stay here, in the chunk, because a
 * slot keeps them after a sweep has dropped its handle (for the freed bytes and the allocation
 * totals). They share one int ({@code id << 12 | size in 8-byte units}): traceback ids below
 * about a million and objects below 32 KiB, nearly every slot; a slot beyond either keeps both in
 * two more arrays, made for the chunk at its first such slot. Per live trace: the 32-byte handle
 * (12-byte header, four compressed references) and 8 bytes of arrays, 40 bytes.
 *
 * <p>A log's chunks form a chain from its newest chunk ({@link #older}); whoever holds the log's
 * claim sweeps them in place, and the holders of the store lock detach the older ones into the
 * generation's {@link HeapChunks}, where sparse ones are packed.
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

    /** The size's bits in a packed slot; sizes are in 8-byte units, unsigned (every JVM object size is a multiple of 8, up to 32 GiB). */
    private static final int SIZE_BITS = 12;
    private static final int SIZE_MASK = (1 << SIZE_BITS) - 1;
    /** The largest traceback id a packed slot holds: one less than all ones, which is {@link #WIDE}. */
    private static final int MAX_PACKED_ID = (1 << (32 - SIZE_BITS)) - 2;
    /** A slot whose id and size are in {@link #wideTracebackIds} and {@link #wideSizeUnits}. */
    private static final int WIDE = -1;

    final WeakReference<Object>[] handles;
    /** Per slot, its traceback id and size in 8-byte units, packed; or {@link #WIDE}. */
    private final int[] packed;
    /** The slots that do not pack; null until the first. Written before the slot is published. */
    private int[] wideTracebackIds;
    private int[] wideSizeUnits;
    @SuppressWarnings("unused") // accessed through COUNT
    private int count;
    /** The chunk this thread filled before this one; written by the owner before publication, later only under the store lock. */
    TraceChunk older;
    /** Live slots found by the last sweep, and how many sweeps it had since it was adopted. */
    int live;
    int sweeps;

    @SuppressWarnings("unchecked") // an array of a generic type; it only ever holds WeakReference<Object>
    TraceChunk(int capacity, TraceChunk older) {
        this.handles = (WeakReference<Object>[]) new WeakReference<?>[capacity];
        this.packed = new int[capacity];
        this.older = older;
    }

    /** Owner only. False when full. */
    boolean tryAppend(WeakReference<Object> handle, int tracebackId, int units) {
        int n = (int) COUNT.get(this);
        if (n == handles.length) {
            return false;
        }
        handles[n] = handle;
        store(n, tracebackId, units);
        COUNT.setRelease(this, n + 1);
        return true;
    }

    private void store(int slot, int tracebackId, int units) {
        if (tracebackId <= MAX_PACKED_ID && (units & ~SIZE_MASK) == 0) {
            packed[slot] = tracebackId << SIZE_BITS | units;
            return;
        }
        if (wideTracebackIds == null) {
            wideTracebackIds = new int[packed.length];
            wideSizeUnits = new int[packed.length];
        }
        wideTracebackIds[slot] = tracebackId;
        wideSizeUnits[slot] = units;
        packed[slot] = WIDE;
    }

    /**
     * Forgets the slots whose objects the collector reclaimed: nulls their handles (which become
     * garbage) and adds their bytes and count to {@code freed}. Only one thread sweeps a chunk at a
     * time (the claimant of its log, or a store lock holder for adopted chunks), while its owner
     * may go on appending above the published count.
     */
    void sweep(SweepTally freed) {
        int alive = 0;
        for (int i = 0, n = published(); i < n; i++) {
            WeakReference<Object> handle = handles[i];
            if (handle == null) {
                continue;
            }
            if (handle.refersTo(null)) {
                handles[i] = null;
                freed.add(size(i));
            } else {
                alive++;
            }
        }
        live = alive;
    }

    /** Whether slot {@code i} holds an object the collector has not reclaimed. */
    boolean holdsLive(int i) {
        WeakReference<Object> handle = handles[i];
        return handle != null && !handle.refersTo(null);
    }

    /** Lock holders only, on a chunk no thread appends to: copies slot {@code i} of {@code from}. */
    void appendCopy(TraceChunk from, int i) {
        int n = (int) COUNT.get(this);
        handles[n] = from.handles[i];
        store(n, from.tracebackId(i), from.sizeUnits(i));
        COUNT.setRelease(this, n + 1);
    }

    /** How many slots were appended; every slot below it is visible to the caller. */
    int published() {
        return (int) COUNT.getAcquire(this);
    }

    int capacity() {
        return handles.length;
    }

    /** The traceback id of slot {@code i}, below the published count. */
    int tracebackId(int i) {
        int slot = packed[i];
        return slot == WIDE ? wideTracebackIds[i] : slot >>> SIZE_BITS;
    }

    /** The size of slot {@code i} in bytes, below the published count. */
    long size(int i) {
        return bytes(sizeUnits(i));
    }

    private int sizeUnits(int i) {
        int slot = packed[i];
        return slot == WIDE ? wideSizeUnits[i] : slot & SIZE_MASK;
    }

    /** Rounds up to 8, which every HotSpot object size already is. */
    static int units(long bytes) {
        return (int) ((bytes + 7) >>> 3);
    }

    static long bytes(int units) {
        return Integer.toUnsignedLong(units) << 3;
    }
}
