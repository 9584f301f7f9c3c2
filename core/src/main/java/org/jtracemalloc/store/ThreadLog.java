package org.jtracemalloc.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * The traces one appender adds to one generation: its chain of chunks, and the bytes and traces
 * it added and that sweeps of its chain found dead. The appender is a platform thread, or for a
 * stripe ({@link ThreadLogs}) whichever virtual thread holds it.
 *
 * <p>The appender writes without locks or atomic read-modify-writes (release stores, plain on
 * x86). Sweeping the chain takes the log's claim, a CAS that never waits: the appender takes it
 * when it opens a chunk after a collection (so sweeping keeps pace with allocating, thread by
 * thread), a store lock holder takes it for every log no sweep has seen since the collection and
 * for a log whose appender is gone. Holders of the store lock read the chain at any time (a handle
 * a sweep nulls meanwhile was dead either way) and, with the claim, detach its older chunks.
 */
final class ThreadLog {
    private static final VarHandle NEWEST;
    private static final VarHandle ADDED;
    private static final VarHandle APPENDED;
    private static final VarHandle FREED;
    private static final VarHandle FREED_TRACES;
    private static final VarHandle SWEPT_EPOCH;
    private static final VarHandle CLAIMED;
    private static final VarHandle HELD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEWEST = lookup.findVarHandle(ThreadLog.class, "newest", TraceChunk.class);
            ADDED = lookup.findVarHandle(ThreadLog.class, "added", long.class);
            APPENDED = lookup.findVarHandle(ThreadLog.class, "appended", long.class);
            FREED = lookup.findVarHandle(ThreadLog.class, "freed", long.class);
            FREED_TRACES = lookup.findVarHandle(ThreadLog.class, "freedTraces", long.class);
            SWEPT_EPOCH = lookup.findVarHandle(ThreadLog.class, "sweptEpoch", long.class);
            CLAIMED = lookup.findVarHandle(ThreadLog.class, "claimed", boolean.class);
            HELD = lookup.findVarHandle(ThreadLog.class, "held", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Generation generation;
    /** The platform thread that appends; null for a stripe, which never ends. */
    final Thread thread;
    @SuppressWarnings("unused") // accessed through NEWEST
    private TraceChunk newest;
    @SuppressWarnings("unused") // the appender's, through ADDED
    private long added;
    @SuppressWarnings("unused") // the appender's, through APPENDED
    private long appended;
    @SuppressWarnings("unused") // the claimant's, through FREED
    private long freed;
    @SuppressWarnings("unused") // the claimant's, through FREED_TRACES
    private long freedTraces;
    @SuppressWarnings("unused") // the claimant's, through SWEPT_EPOCH
    private long sweptEpoch;
    @SuppressWarnings("unused") // accessed through CLAIMED
    private boolean claimed;
    @SuppressWarnings("unused") // stripes: a virtual thread appending, through HELD
    private boolean held;
    /** The claimant's scratch. */
    private final SweepTally swept;
    /** Link in the generation's stack of logs not yet seen by a lock holder. */
    ThreadLog nextJoined;

    ThreadLog(Generation generation, Thread thread) {
        this.generation = generation;
        this.thread = thread;
        this.swept = new SweepTally(generation.samplingInterval);
        SWEPT_EPOCH.setRelease(this, GcEpoch.current());
        // Empty: the first append reserves the first slots, so idle stripes and threads hold none.
        NEWEST.setRelease(this, new TraceChunk(0, null));
    }

    /**
     * The appender: the hot path. Chunks grow from 16 to 1024 slots so short-lived threads stay
     * small. False when the store is at its cap and no slot could be reserved.
     */
    boolean append(WeakReference<Object> handle, int tracebackId, long size) {
        int units = TraceChunk.units(size);
        TraceChunk chunk = (TraceChunk) NEWEST.get(this);
        if (!chunk.tryAppend(handle, tracebackId, units)) {
            chunk = openChunk(chunk);
            if (chunk == null) {
                return false;
            }
            chunk.tryAppend(handle, tracebackId, units);
        }
        ADDED.setRelease(this, (long) ADDED.get(this) + generation.bytesRepresented(TraceChunk.bytes(units)));
        APPENDED.setRelease(this, (long) APPENDED.get(this) + 1);
        return true;
    }

    /**
     * The appender, its chunk full: first, if a collection happened since this chain was last
     * swept, sweeps it and hands its older chunks to the generation (so the store's memory follows
     * the live objects whatever the number of allocating threads, instead of waiting for one
     * sweeper thread); then opens the next chunk, or returns null at the cap.
     */
    private TraceChunk openChunk(TraceChunk full) {
        long epoch = GcEpoch.current();
        if (epoch != (long) SWEPT_EPOCH.getAcquire(this) && tryClaim()) {
            try {
                sweep(epoch, true);
                generation.tryAdoptOlderChunks(this);
            } finally {
                releaseClaim();
            }
        }
        int wanted = Math.max(TraceChunk.MIN_CAPACITY, Math.min(full.capacity() * 2, TraceChunk.MAX_CAPACITY));
        int granted = generation.budget.reserve(wanted);
        if (granted == 0) {
            return null;
        }
        TraceChunk chunk = new TraceChunk(granted, full);
        NEWEST.setRelease(this, chunk);
        return chunk;
    }

    /** Takes the right to sweep this chain and detach its older chunks; never waits. */
    boolean tryClaim() {
        return CLAIMED.compareAndSet(this, false, true);
    }

    void releaseClaim() {
        CLAIMED.setRelease(this, false);
    }

    /**
     * The claimant: sweeps every chunk of the chain in place and marks it swept at {@code epoch}.
     * With {@code notePeak}, records the peak before the traced memory drops (a lock holder that
     * sweeps many logs records it once, before all of them).
     */
    void sweep(long epoch, boolean notePeak) {
        SweepTally tally = swept;
        tally.reset();
        for (TraceChunk chunk = newest(); chunk != null; chunk = chunk.older) {
            chunk.sweep(tally);
        }
        if (tally.traces > 0) {
            if (notePeak) {
                generation.notePeak(); // the counters below still hold the value before the drop
            }
            FREED.setRelease(this, (long) FREED.get(this) + tally.bytes);
            FREED_TRACES.setRelease(this, (long) FREED_TRACES.get(this) + tally.traces);
        }
        SWEPT_EPOCH.setRelease(this, epoch);
    }

    /**
     * The claimant, holding the store lock: unlinks and returns the chunks below the newest. The
     * appender never reads the link of its newest chunk, it only sets the link of the next one.
     */
    TraceChunk detachOlder() {
        TraceChunk head = newest();
        TraceChunk older = head.older;
        head.older = null;
        return older;
    }

    /** Stripes: takes the right to append; never waits. */
    boolean tryHold() {
        return HELD.compareAndSet(this, false, true);
    }

    void releaseHold() {
        HELD.setRelease(this, false);
    }

    /** Whether nothing will append here again: its thread has ended. */
    boolean ended() {
        return thread != null && !thread.isAlive();
    }

    /** The chunk being filled; older ones hang from it. */
    TraceChunk newest() {
        return (TraceChunk) NEWEST.getAcquire(this);
    }

    /** The collection epoch of the last sweep of this chain. */
    long sweptEpoch() {
        return (long) SWEPT_EPOCH.getAcquire(this);
    }

    /** Bytes this log recorded, whether still live or not. */
    long added() {
        return (long) ADDED.getAcquire(this);
    }

    /** Traces this log recorded, whether still live or not. */
    long appended() {
        return (long) APPENDED.getAcquire(this);
    }

    /** Bytes that sweeps of this chain found dead. */
    long freed() {
        return (long) FREED.getAcquire(this);
    }

    /** Traces that sweeps of this chain found dead. */
    long freedTraces() {
        return (long) FREED_TRACES.getAcquire(this);
    }
}
