package org.jtracemalloc.store;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jtracemalloc.Allocations;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.TracedMemory;
import org.jtracemalloc.Traceback;

/**
 * The trace store of this JVM: the current {@link Generation} and the operations behind the
 * {@code Tracemalloc} facade.
 *
 * <p>Allocating threads never take the store lock ({@link HeapRecorder} reads {@link #generation}
 * and appends to its own chunk). The lock serialises the rest: queries, sweeps, track/untrack,
 * start/stop. Its holders never wait for anything an allocating thread could hold, and every
 * operation marks its thread busy so that the JDK code it runs is not traced.
 *
 * <p>Dead heap objects are forgotten by a sweep, which runs on the sweeper thread after each
 * collection and also here, before answering, whenever a collection happened since the last
 * sweep: after {@code System.gc()} the reclaimed objects are gone from the next answer.
 */
public final class TraceStore {
    private static final Object LOCK = new Object();
    private static volatile Generation generation;
    private static volatile int tracebackLimit = 1;
    private static volatile long maxTraces = Long.MAX_VALUE;
    private static volatile long samplingInterval;
    private static GcSentinel sentinel; // guarded by LOCK, created with the sweeper on first start
    private static final int REHEARSAL_SITE =
            AllocationSites.register(TraceStore.class.getName(), "rehearse", "TraceStore.java", 0);

    private TraceStore() {}

    static Generation generation() {
        return generation;
    }

    public static boolean isTracing() {
        return generation != null;
    }

    /** The limit of the last start, 1 before any. */
    public static int tracebackLimit() {
        return tracebackLimit;
    }

    /** The most live heap traces the store keeps; {@link Long#MAX_VALUE} (the default) for no cap. */
    public static long maxTraces() {
        return maxTraces;
    }

    /**
     * Caps the live heap traces (issue 5's {@code jtracemalloc.maxTraces}): past the cap, new
     * allocations are counted in {@link #droppedTraces()} instead of traced, until collections make
     * room. Applies at once, also while tracing.
     *
     * @throws IllegalArgumentException when {@code max} is less than 1
     */
    public static void setMaxTraces(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxTraces must be at least 1, got " + max);
        }
        locked(g -> {
            maxTraces = max;
            if (g != null) {
                g.updateCapacity();
            }
            return null;
        });
    }

    /** The sampling interval the next {@link #start} uses; 0 (the default) traces every allocation. */
    public static long samplingInterval() {
        return samplingInterval;
    }

    /**
     * Issue 5's {@code jtracemalloc.sampling}: from the next {@link #start} on, trace only about one
     * allocation per {@code bytes} bytes each thread allocates, and report estimated sizes and
     * counts ({@code docs/sampling.md}); 0 traces every allocation. Tracing that runs keeps its
     * interval until it stops, {@code clearTraces} included.
     *
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public static void setSamplingInterval(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the sampling interval must be 0 or more bytes, got " + bytes);
        }
        samplingInterval = bytes;
    }

    /**
     * The sampling interval of the tracing in progress ({@link Snapshot#samplingInterval()} of its
     * snapshots); when not tracing, the one the next {@link #start} uses.
     */
    public static long activeSamplingInterval() {
        Generation g = generation;
        return g == null ? samplingInterval : g.samplingInterval;
    }

    /**
     * The number of live traces, as {@code takeSnapshot().traces().size()} would give it now,
     * without building the traces: the same sweep first, then the counts the threads keep.
     * 0 when not tracing.
     */
    public static long traceCount() {
        return locked(g -> {
            if (g == null) {
                return 0L;
            }
            sweepIfCollected(g);
            return g.traceCount();
        });
    }

    /** Allocations not traced since tracing started or traces were cleared, because of the cap; 0 when not tracing. */
    public static long droppedTraces() {
        return locked(g -> g == null ? 0L : g.droppedTraces());
    }

    /** Starts tracing with {@code nframe} frames, the agent's instrumentation first; no-op while tracing. */
    public static void start(int nframe, AgentBinding binding) {
        binding.ensureInstrumented();
        ThreadState state = ThreadState.current();
        boolean entered = state.enter();
        try {
            synchronized (LOCK) {
                if (generation != null) {
                    return;
                }
                if (sentinel == null) {
                    sentinel = new GcSentinel();
                    Sweeper.start(sentinel);
                }
                if (nframe > 1) {
                    ThrowableBacktrace.enable();
                }
                long interval = samplingInterval;
                rehearse(state, nframe, interval, binding);
                tracebackLimit = nframe;
                generation = new Generation(nframe, interval, binding);
                binding.connectHeapSink(HeapRecorder.INSTANCE);
            }
        } finally {
            exit(state, entered);
        }
    }

    /**
     * Runs every store path once, in a throwaway generation, before the agent routes allocations
     * here: the first call of a VarHandle or StackWalker site links method handles and may define
     * classes, which must not happen for the first time inside an instrumented allocation that
     * may itself be inside class loading. In sampling mode it samples at a 1-byte interval, which
     * traces every object (an object has at least 8 bytes), so the append path runs too.
     */
    private static void rehearse(ThreadState state, int nframe, long interval, AgentBinding binding) {
        Generation rehearsal = new Generation(nframe, interval == 0 ? 0 : 1, binding);
        try {
            for (int i = 0; i <= TraceChunk.MIN_CAPACITY; i++) { // one chunk and the start of the next
                rehearsal.record(state, new Object(), REHEARSAL_SITE);
            }
            state.log.countDropped();
            rehearsal.sweep(false);
            rehearsal.sweep(true);
            rehearsal.traces();
            rehearsal.objectTraceback(state);
            rehearsal.estimatedBytes();
        } catch (RuntimeException | LinkageError e) {
            // Best effort: whatever fails here fails again on the recording path, which counts it.
        } finally {
            state.log = null;
        }
    }

    /** Stops tracing and drops every trace; the traceback limit stays. */
    public static void stop() {
        locked(g -> {
            if (g != null) {
                generation = null;
                g.binding().connectHeapSink(null);
            }
            return null;
        });
    }

    /** Drops every trace of every domain, resets current and peak, empties the interned tables. */
    public static void clearTraces() {
        locked(g -> {
            if (g != null) {
                generation = new Generation(g.tracebackLimit, g.samplingInterval, g.binding());
            }
            return null;
        });
    }

    public static TracedMemory tracedMemory() {
        return locked(g -> {
            if (g == null) {
                return new TracedMemory(0, 0);
            }
            sweepIfCollected(g);
            long current = g.current();
            return new TracedMemory(current, g.peak(current));
        });
    }

    public static void resetPeak() {
        locked(g -> {
            if (g != null) {
                sweepIfCollected(g);
                g.resetPeak();
            }
            return null;
        });
    }

    /** An estimate of the bytes the store itself holds; never 0 (the site table always exists). */
    public static long tracemallocMemory() {
        return locked(g -> AllocationSites.estimatedBytes() + (g == null ? 0 : g.estimatedBytes()));
    }

    /** The traceback where {@code object} was allocated, or null when it was not traced. */
    public static Traceback objectTraceback(Object object) {
        return locked(g -> g == null || object == null ? null : g.objectTraceback(object));
    }

    /** A snapshot of the live traces, or null when not tracing. */
    public static Snapshot takeSnapshot() {
        ThreadState state = ThreadState.current();
        boolean entered = state.enter();
        try {
            List<Trace> traces;
            int limit;
            long interval;
            long dropped;
            synchronized (LOCK) {
                Generation g = generation;
                if (g == null) {
                    return null;
                }
                sweepIfCollected(g);
                traces = g.traces();
                limit = g.tracebackLimit;
                interval = g.samplingInterval;
                dropped = g.droppedTraces();
            }
            return new Snapshot(traces, limit, interval, dropped);
        } finally {
            exit(state, entered);
        }
    }

    /**
     * Traces block {@code id} of {@code domain} with {@code size} bytes and the caller's traceback,
     * replacing an earlier trace of the same block. False when not tracing.
     */
    public static boolean track(int domain, long id, long size) {
        ThreadState state = ThreadState.current();
        if (!state.enter()) {
            return isTracing(); // called from inside the store (the agent's native sink): not the application's block
        }
        try {
            while (true) {
                Generation g = generation;
                if (g == null) {
                    return false;
                }
                // The walk (microseconds) happens outside the lock; a generation switch meanwhile means walking again.
                int tracebackId = state.capture().callerTraceback(g.tables, g.tracebackLimit);
                synchronized (LOCK) {
                    if (generation == g) {
                        g.track(domain, id, size, tracebackId);
                        return true;
                    }
                }
            }
        } finally {
            state.busy = false;
        }
    }

    /** Forgets block {@code id} of {@code domain} if it was traced. False when not tracing. */
    public static boolean untrack(int domain, long id) {
        ThreadState state = ThreadState.current();
        if (!state.enter()) {
            return isTracing(); // called from inside the store: nothing of the application's to forget
        }
        try {
            synchronized (LOCK) {
                Generation g = generation;
                if (g == null) {
                    return false;
                }
                g.untrack(domain, id);
                return true;
            }
        } finally {
            state.busy = false;
        }
    }

    /**
     * Runs {@code code} and returns what this thread allocated meanwhile, collected or not. Between
     * switching the tally on and off nothing but {@code code} runs, so the counting machinery is
     * never counted.
     *
     * @throws IllegalStateException when not tracing, or when this thread is already counting
     */
    public static Allocations countAllocations(Runnable code) {
        Objects.requireNonNull(code, "code");
        ThreadState state = ThreadState.current();
        if (generation == null) {
            throw new IllegalStateException("the tracemalloc module must be tracing memory allocations to count them");
        }
        if (state.tally != null) {
            throw new IllegalStateException("this thread is already counting its allocations (countAllocations does not nest)");
        }
        AllocationTally tally = new AllocationTally();
        state.tally = tally;
        try {
            code.run();
        } finally {
            state.tally = null;
        }
        boolean entered = state.enter();
        try {
            return tally.allocations();
        } finally {
            exit(state, entered);
        }
    }

    /** The sweeper's entry point, after a collection: usually a partial sweep (see {@link Generation#sweep}). */
    static void sweepAfterCollection() {
        synchronized (LOCK) {
            boolean collected = sentinel.collectedSinceLastCheck();
            Generation g = generation;
            if (g != null && collected) {
                g.sweep(g.fullSweepDue());
            }
        }
    }

    /** Before a query: a full sweep if a collection happened since the last full one, so answers are exact. */
    private static void sweepIfCollected(Generation g) {
        if (sentinel.collectedSinceLastCheck() || g.oldChunksUnswept()) {
            g.sweep(true);
        }
    }

    /**
     * Runs {@code query} on the current generation (null when not tracing) under the store lock,
     * with this thread marked busy so that what the JDK allocates for it is not traced.
     */
    private static <T> T locked(Function<Generation, T> query) {
        ThreadState state = ThreadState.current();
        boolean entered = state.enter();
        try {
            synchronized (LOCK) {
                return query.apply(generation);
            }
        } finally {
            exit(state, entered);
        }
    }

    private static void exit(ThreadState state, boolean entered) {
        if (entered) {
            state.busy = false;
        }
    }
}
