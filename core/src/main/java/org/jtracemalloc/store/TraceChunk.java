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
 * {@code getObjectTraceback}. Keeping the traceback id and the size here, in int arrays, rather
 * than in a subclass, keeps the handle at 32 bytes (12-byte header and four compressed
 * references) instead of 40: every handle is live at the first collection after its allocation,
 * so it is copied once, and the fewer bytes the young collection has to copy, the less it
 * overflows the survivor spaces. Per live trace: 32 + 3 * 4 = 44 bytes.
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

    final WeakReference<Object>[] handles;
    final int[] tracebackIds;
    /** Sizes in 8-byte units, unsigned: every JVM object size is a multiple of 8, up to 32 GiB. */
    final int[] sizeUnits;
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
        this.tracebackIds = new int[capacity];
        this.sizeUnits = new int[capacity];
        this.older = older;
    }

    /** Owner only. False when full. */
    boolean tryAppend(WeakReference<Object> handle, int tracebackId, int units) {
        int n = (int) COUNT.get(this);
        if (n == handles.length) {
            return false;
        }
        handles[n] = handle;
        tracebackIds[n] = tracebackId;
        sizeUnits[n] = units;
        COUNT.setRelease(this, n + 1);
        return true;
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
        tracebackIds[n] = from.tracebackIds[i];
        sizeUnits[n] = from.sizeUnits[i];
        COUNT.setRelease(this, n + 1);
    }

    /** How many slots were appended; every slot below it is visible to the caller. */
    int published() {
        return (int) COUNT.getAcquire(this);
    }

    int capacity() {
        return handles.length;
    }

    long size(int i) {
        return bytes(sizeUnits[i]);
    }

    /** Rounds up to 8, which every HotSpot object size already is. */
    static int units(long bytes) {
        return (int) ((bytes + 7) >>> 3);
    }

    static long bytes(int units) {
        return Integer.toUnsignedLong(units) << 3;
    }
}
