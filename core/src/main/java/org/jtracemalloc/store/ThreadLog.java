package org.jtracemalloc.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * One thread's traces in one generation: its chain of chunks, the bytes and traces it added and
 * the allocations it dropped at the cap. Written only
 * by its thread, without locks or atomic read-modify-writes (release stores, plain on x86); read
 * by the holders of the store lock, who sum {@link #added()} over all logs instead of having every
 * allocation update a shared counter.
 */
final class ThreadLog {
    private static final VarHandle NEWEST;
    private static final VarHandle ADDED;
    private static final VarHandle APPENDED;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEWEST = lookup.findVarHandle(ThreadLog.class, "newest", TraceChunk.class);
            ADDED = lookup.findVarHandle(ThreadLog.class, "added", long.class);
            APPENDED = lookup.findVarHandle(ThreadLog.class, "appended", long.class);
            DROPPED = lookup.findVarHandle(ThreadLog.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Generation generation;
    final Thread thread;
    @SuppressWarnings("unused") // accessed through NEWEST
    private TraceChunk newest;
    @SuppressWarnings("unused") // accessed through ADDED
    private long added;
    @SuppressWarnings("unused") // accessed through APPENDED
    private long appended;
    @SuppressWarnings("unused") // accessed through DROPPED
    private long dropped;
    /** Link in the generation's stack of logs not yet seen by a lock holder. */
    ThreadLog nextJoined;
    /** Owner only: which allocations to trace in sampling mode; null when every one is traced. */
    final ByteSampler sampler;

    ThreadLog(Generation generation, Thread thread) {
        this.generation = generation;
        this.thread = thread;
        this.sampler = generation.samplingInterval == 0 ? null : ByteSampler.forCurrentThread(generation.samplingInterval);
        NEWEST.setRelease(this, new TraceChunk(generation.reserveSlots(TraceChunk.MIN_CAPACITY), null));
    }

    /**
     * Owner only: the hot path. Chunks grow from 16 to 1024 slots so short-lived threads stay
     * small. False when the store is at its cap and no slot could be reserved.
     */
    boolean append(WeakReference<Object> handle, int tracebackId, long size) {
        int units = TraceChunk.units(size);
        TraceChunk chunk = (TraceChunk) NEWEST.get(this);
        if (!chunk.tryAppend(handle, tracebackId, units)) {
            int wanted = Math.max(TraceChunk.MIN_CAPACITY, Math.min(chunk.capacity() * 2, TraceChunk.MAX_CAPACITY));
            int granted = generation.reserveSlots(wanted);
            if (granted == 0) {
                return false;
            }
            chunk = new TraceChunk(granted, chunk);
            chunk.tryAppend(handle, tracebackId, units);
            NEWEST.setRelease(this, chunk);
        }
        ADDED.setRelease(this, (long) ADDED.get(this) + generation.bytesRepresented(TraceChunk.bytes(units)));
        APPENDED.setRelease(this, (long) APPENDED.get(this) + 1);
        return true;
    }

    /** Owner only: an allocation not traced because the store is at its cap. */
    void countDropped() {
        DROPPED.setRelease(this, (long) DROPPED.get(this) + 1);
    }

    /** The chunk being filled; older ones hang from it. */
    TraceChunk newest() {
        return (TraceChunk) NEWEST.getAcquire(this);
    }

    /** Bytes this thread recorded, whether still live or not. */
    long added() {
        return (long) ADDED.getAcquire(this);
    }

    /** Traces this thread recorded, whether still live or not. */
    long appended() {
        return (long) APPENDED.getAcquire(this);
    }

    /** Allocations this thread did not trace because the store was at its cap. */
    long dropped() {
        return (long) DROPPED.getAcquire(this);
    }
}
