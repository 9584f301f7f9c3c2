package org.jtracemalloc.store;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jtracemalloc.Allocations;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.TracingSettings;
import org.jtracemalloc.Trace;
import org.jtracemalloc.TracedMemory;
import org.jtracemalloc.Traceback;

/**
 * The trace store of this JVM: the current {@link Generation} and the operations behind the
 * {@code Tracemalloc} facade.
 *
 * <p>Allocating threads never wait for the store lock: {@link HeapRecorder} reads
 * {@link #generation} and appends to its own chunk, and only tries the lock, once per chunk after
 * a collection, to hand its swept chunks over. The lock serialises what walks or changes the
 * traces: sweeps, snapshots, track/untrack, start/stop. The cheap queries (traced memory, the
 * store's own memory, counts) take no lock and walk no trace: they sum the logs' counters. Every
 * operation marks its thread busy so that the JDK code it runs is not traced.
 *
 * <p>Dead heap objects are forgotten by sweeps: each allocating thread sweeps its own chain at its
 * first chunk after a collection, the sweeper thread sweeps the rest after each collection, and a
 * snapshot sweeps everything first. So the cheap queries see a collection's reclaimed objects once
 * those sweeps ran (milliseconds after it); {@link #collectGarbage} waits for that.
 */
public final class TraceStore {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile Generation generation;
    private static volatile int tracebackLimit = 1;
    private static volatile long maxTraces = TracingSettings.defaults().maxTraces();
    private static volatile long maxMemory = TracingSettings.defaults().maxMemory();
    private static volatile long samplingInterval = TracingSettings.defaults().samplingInterval();
    private static volatile boolean budgetWarned;
    private static boolean sweeperStarted; // guarded by LOCK
    /** The collection epoch of the sweeper's last sweep; guarded by LOCK. */
    private static long sweptEpoch;
    private static final int REHEARSAL_SITE =
            AllocationSites.register(TraceStore.class.getName(), "rehearse", "TraceStore.java", 0);

    private TraceStore() {}

    static Generation generation() {
        return generation;
    }

    static boolean tryLock() {
        return LOCK.tryLock();
    }

    static void unlock() {
        LOCK.unlock();
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

    /** The store's memory budget in bytes ({@code jtracemalloc.maxMemory}); by default half the maximum heap. */
    public static long maxMemory() {
        return maxMemory;
    }

    /**
     * Applies {@code settings}: the caps at once, also while tracing; the sampling interval from
     * the next {@link #start} on (tracing that runs keeps its interval until it stops,
     * {@code clearTraces} included).
     */
    public static void configure(TracingSettings settings) {
        locked(g -> {
            samplingInterval = settings.samplingInterval();
            maxTraces = settings.maxTraces();
            maxMemory = settings.maxMemory();
            if (g != null) {
                g.setCaps(maxTraces, maxMemory);
            }
            return null;
        });
    }

    /** The settings the next {@link #start} uses; the caps apply to tracing in progress too. */
    public static TracingSettings settings() {
        return new TracingSettings(samplingInterval, maxTraces, maxMemory);
    }

    /** The sampling interval the next {@link #start} uses; 0 (the default) traces every allocation. */
    public static long samplingInterval() {
        return samplingInterval;
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
     * The number of traces: the heap traces whose objects no sweep has found dead yet, and the
     * tracked blocks. 0 when not tracing. No lock, no walk.
     */
    public static long traceCount() {
        Generation g = generation;
        return g == null ? 0 : g.traceCount();
    }

    /**
     * Allocations not traced since tracing started or traces were cleared, because the store was
     * at its {@code maxTraces} cap or its memory budget; 0 when not tracing. No lock, no walk.
     */
    public static long droppedTraces() {
        Generation g = generation;
        return g == null ? 0 : g.droppedTraces();
    }

    /** Starts tracing with {@code nframe} frames, the agent's instrumentation first; no-op while tracing. */
    public static void start(int nframe, AgentBinding binding) {
        binding.ensureInstrumented();
        ThreadState state = ThreadState.current();
        try (ThreadState.Section section = state.enter()) {
            LOCK.lock();
            try {
                if (generation != null) {
                    return;
                }
                if (!sweeperStarted) {
                    Sweeper.start();
                    sweeperStarted = true;
                }
                if (nframe > 1) {
                    ThrowableBacktrace.enable();
                }
                long interval = samplingInterval;
                rehearse(state, nframe, interval, binding);
                tracebackLimit = nframe;
                ThreadLocal<long[]> samplingCountdowns = interval == 0 ? null : new ThreadLocal<>();
                generation = new Generation(nframe, interval, samplingCountdowns, binding, maxTraces, maxMemory);
                binding.connectSamplingCountdowns(samplingCountdowns);
                binding.connectHeapSink(HeapRecorder.INSTANCE);
            } finally {
                LOCK.unlock();
            }
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
        Generation rehearsal = interval == 0
                ? new Generation(nframe, 0, null, binding, Long.MAX_VALUE, Long.MAX_VALUE)
                : new Generation(nframe, 1, new ThreadLocal<>(), binding, Long.MAX_VALUE, Long.MAX_VALUE);
        try {
            rehearsal.rehearse(state, REHEARSAL_SITE);
            rehearsal.sweep(false, false);
            rehearsal.sweep(true, true);
            rehearsal.traces();
            rehearsal.allocationTraces();
            rehearsal.objectTraceback(state);
            rehearsal.estimatedBytes();
            rehearsal.peak(rehearsal.current());
            rehearsal.traceCount();
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
                g.binding().connectSamplingCountdowns(null);
            }
            return null;
        });
    }

    /** Drops every trace of every domain, resets current and peak, empties the interned tables. */
    public static void clearTraces() {
        locked(g -> {
            if (g != null) {
                generation = new Generation(g.tracebackLimit, g.samplingInterval, g.samplingCountdowns, g.binding(), maxTraces, maxMemory);
            }
            return null;
        });
    }

    /** Current and peak traced memory, as the sweeps so far left it. No lock, no walk. */
    public static TracedMemory tracedMemory() {
        Generation g = generation;
        if (g == null) {
            return new TracedMemory(0, 0);
        }
        try (ThreadState.Section section = ThreadState.current().enter()) {
            long current = g.current();
            return new TracedMemory(current, g.peak(current));
        }
    }

    public static void resetPeak() {
        Generation g = generation;
        if (g != null) {
            g.resetPeak();
        }
    }

    /**
     * An estimate of the bytes the store itself holds, what its memory budget counts; never 0 (the
     * site table always exists). No lock, no walk.
     */
    public static long tracemallocMemory() {
        Generation g = generation;
        try (ThreadState.Section section = ThreadState.current().enter()) {
            return g == null ? AllocationSites.estimatedBytes() : g.estimatedBytes();
        }
    }

    /** The traceback where {@code object} was allocated, or null when it was not traced. */
    public static Traceback objectTraceback(Object object) {
        return locked(g -> g == null || object == null ? null : g.objectTraceback(object));
    }

    /**
     * A snapshot of the live traces, or null when not tracing. Sweeps first, so its counts are exact.
     * With {@code settle}, collects everything unreachable first ({@link #collectUnreachable}), so
     * that it holds the live set; the snapshot says whether that collection succeeded.
     */
    public static Snapshot takeSnapshot(boolean settle) {
        boolean settled = settle && generation != null && collectUnreachable();
        return snapshot(false, settled);
    }

    /**
     * A snapshot of the allocation totals per traceback since tracing started or the traces were
     * cleared, dead objects included ({@link Snapshot#isAllocationSnapshot()}), or null when not
     * tracing. Needs no sweep: dead or alive, every slot counts.
     */
    public static Snapshot takeAllocationSnapshot() {
        return snapshot(true, false);
    }

    /**
     * No lambda picks the kind: linking one runs JDK code on the caller's thread before it is
     * marked busy, and what that allocates would be traced as the application's.
     */
    private static Snapshot snapshot(boolean allocationTotals, boolean settled) {
        try (ThreadState.Section section = ThreadState.current().enter()) {
            List<Trace> traces;
            int limit;
            long interval;
            long dropped;
            LOCK.lock();
            try {
                Generation g = generation;
                if (g == null) {
                    return null;
                }
                if (allocationTotals) {
                    traces = g.allocationTraces();
                } else {
                    GcEpoch.poll();
                    g.sweep(true, true);
                    traces = g.traces();
                }
                limit = g.tracebackLimit;
                interval = g.samplingInterval;
                dropped = g.droppedTraces();
            } finally {
                LOCK.unlock();
            }
            return new Snapshot(traces, limit, interval, dropped, settled, allocationTotals);
        }
    }

    /**
     * Collects garbage until an object that was unreachable when this was called has been
     * reclaimed, then forgets the traces of every reclaimed object, so that the traced memory, the
     * counts and the next snapshot hold only what is live. False when the collector did not
     * reclaim it (explicit collections disabled).
     */
    public static boolean collectGarbage() {
        boolean collected = collectUnreachable();
        locked(g -> {
            if (g != null) {
                GcEpoch.poll();
                g.sweep(true, true);
            }
            return null;
        });
        return collected;
    }

    /**
     * Runs full collections (at most 10) until a canary that was unreachable when this was called
     * has been reclaimed: {@code System.gc()} is a full, stop-the-world collection with every
     * HotSpot collector but may be a no-op ({@code -XX:+DisableExplicitGC}) or start a concurrent
     * cycle that ends later ({@code -XX:+ExplicitGCInvokesConcurrent}), which the canary tells
     * apart. A weak reference is cleared in the same collection that finds its referent
     * unreachable, so once the canary is cleared, so is every handle of an object that was
     * unreachable before it: a sweep then finds them all.
     */
    private static boolean collectUnreachable() {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        for (int i = 0; i < 10 && !canary.refersTo(null); i++) {
            System.gc();
        }
        return canary.refersTo(null);
    }

    /**
     * Traces block {@code id} of {@code domain} with {@code size} bytes and the caller's traceback,
     * replacing an earlier trace of the same block. False when not tracing.
     */
    public static boolean track(int domain, long id, long size) {
        ThreadState state = ThreadState.current();
        try (ThreadState.Section section = state.enter()) {
            if (!section.entered()) {
                return isTracing(); // called from inside the store (the agent's native sink): not the application's block
            }
            while (true) {
                Generation g = generation;
                if (g == null) {
                    return false;
                }
                // The walk (microseconds) happens outside the lock; a generation switch meanwhile means walking again.
                int tracebackId = state.capture().callerTraceback(g.tables, g.tracebackLimit);
                LOCK.lock();
                try {
                    if (generation == g) {
                        g.track(domain, id, size, tracebackId);
                        return true;
                    }
                } finally {
                    LOCK.unlock();
                }
            }
        }
    }

    /** Forgets block {@code id} of {@code domain} if it was traced. False when not tracing. */
    public static boolean untrack(int domain, long id) {
        try (ThreadState.Section section = ThreadState.current().enter()) {
            if (!section.entered()) {
                return isTracing(); // called from inside the store: nothing of the application's to forget
            }
            LOCK.lock();
            try {
                Generation g = generation;
                if (g == null) {
                    return false;
                }
                g.untrack(domain, id);
                return true;
            } finally {
                LOCK.unlock();
            }
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
        state.countDownInStore();
        state.tally = tally;
        try {
            code.run();
        } finally {
            state.tally = null;
        }
        try (ThreadState.Section section = state.enter()) {
            return tally.allocations();
        }
    }

    /**
     * The sweeper's entry point, every few milliseconds: after a collection, usually a partial sweep
     * (see {@link HeapChunks}); at the cap, a full one of every log, to make room. The first drop
     * is reported once, through the agent.
     */
    static void sweepAfterCollection() {
        Generation warnFor = null;
        LOCK.lock();
        try {
            long epoch = GcEpoch.poll();
            Generation g = generation;
            if (g != null && epoch != sweptEpoch) {
                sweptEpoch = epoch;
                boolean atCapacity = g.budget.atCapacity();
                g.sweep(atCapacity || g.fullSweepDue(), atCapacity);
                if (!budgetWarned && g.droppedTraces() > 0) {
                    budgetWarned = true;
                    warnFor = g;
                }
            }
        } finally {
            LOCK.unlock();
        }
        if (warnFor != null) {
            warnFor.binding().warn(firstDropMessage(warnFor));
        }
    }

    /** What happened at the first drop, and what to do about it. */
    private static String firstDropMessage(Generation g) {
        String cap = g.cappedByMaxTraces()
                ? "its maxTraces cap (" + maxTraces + " traces)"
                : "its memory budget (maxMemory=" + (maxMemory >> 20) + " MiB, room for about " + g.budget.slotLimit()
                        + " traces)";
        return "the trace store reached " + cap + ": new allocations are counted as dropped, not traced, until"
                + " collections make room (" + g.droppedTraces() + " so far; status, the MBean and snapshots say how"
                + " many). To trace them all, raise jtracemalloc.maxMemory (and the heap with it) or maxTraces;"
                + " to trace fewer, use jtracemalloc.sampling.";
    }

    /**
     * Runs {@code query} on the current generation (null when not tracing) under the store lock,
     * with this thread marked busy so that what the JDK allocates for it is not traced.
     */
    private static <T> T locked(Function<Generation, T> query) {
        try (ThreadState.Section section = ThreadState.current().enter()) {
            LOCK.lock();
            try {
                return query.apply(generation);
            } finally {
                LOCK.unlock();
            }
        }
    }
}
