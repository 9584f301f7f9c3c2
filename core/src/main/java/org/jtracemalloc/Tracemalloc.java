package org.jtracemalloc;

import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jtracemalloc.store.TraceStore;

/**
 * Python's {@code tracemalloc} module functions, for the JVM. Every allocation of a Java object is
 * traced in {@link #HEAP_DOMAIN} with its exact size and its traceback, once the agent is loaded
 * and {@link #start()} was called; other domains hold the blocks that {@link #track} reports.
 *
 * <p>Semantics follow CPython 3.11, including its quirks: {@code start(n)} while tracing is a
 * no-op that keeps the old limit, {@link #getTracebackLimit()} never throws, {@link #stop()}
 * keeps the limit. A heap object counts as freed once the garbage collector has reclaimed it
 * (see {@link #getTracedMemory()}).
 */
public final class Tracemalloc {
    /** The domain of Java objects. */
    public static final int HEAP_DOMAIN = 0;
    /** The domain of native memory (Unsafe.allocateMemory, direct buffers). */
    public static final int NATIVE_DOMAIN = 1;

    /** The largest traceback limit, as in CPython: frame counts are stored in 16 bits. */
    public static final int MAX_NFRAME = 65535;

    private Tracemalloc() {}

    /** {@code start(1)}. */
    public static void start() {
        start(1);
    }

    /**
     * Starts tracing, storing up to {@code nframe} frames per traceback. While tracing it does
     * nothing (the limit is not changed; {@link #stop()} first), but {@code nframe} is validated.
     *
     * @throws IllegalArgumentException unless 1 &lt;= nframe &lt;= 65535
     * @throws IllegalStateException when the agent is not loaded and its jar is not on the class path
     */
    public static void start(int nframe) {
        if (nframe < 1 || nframe > MAX_NFRAME) {
            throw new IllegalArgumentException("the number of frames must be in range [1; " + MAX_NFRAME + "]");
        }
        if (!TraceStore.isTracing()) {
            TraceStore.start(nframe, AgentLoader.binding());
        }
    }

    /** Stops tracing and clears all traces, current and peak; the traceback limit stays. */
    public static void stop() {
        TraceStore.stop();
    }

    public static boolean isTracing() {
        return TraceStore.isTracing();
    }

    /** Clears the traces of every domain and resets current and peak to 0; tracing continues. */
    public static void clearTraces() {
        TraceStore.clearTraces();
    }

    /** The {@code nframe} of the last {@link #start(int)}: 1 before any; never throws. */
    public static int getTracebackLimit() {
        return TraceStore.tracebackLimit();
    }

    /**
     * Current and peak traced bytes of all domains; (0, 0) when not tracing. Heap objects count
     * until a collection has reclaimed them and a sweep of the store has seen it (the allocating
     * threads and the store's sweeper do that within milliseconds of each collection;
     * {@link #collectGarbage()} waits for it); the peak is recorded before every decrease, so it
     * may exceed CPython's notion by the objects that were already unreachable but not yet
     * collected. Cheap: no lock, no walk of the traces, whatever their number.
     */
    public static TracedMemory getTracedMemory() {
        return TraceStore.tracedMemory();
    }

    /**
     * A Java addition: collects garbage until what was unreachable when it was called has been
     * reclaimed, and has the store forget those objects before it returns, so that
     * {@link #getTracedMemory()}, {@link #takeSnapshot()} and the trace count then hold only live
     * objects (what a heap dump of live objects would show). Costs one or more full collections.
     *
     * @return false when the collector did not reclaim a fresh unreachable object within 10
     *     collections ({@code -XX:+DisableExplicitGC}); the store is swept all the same
     */
    public static boolean collectGarbage() {
        return TraceStore.collectGarbage();
    }

    /** Sets the peak to the current traced memory. No-op when not tracing. */
    public static void resetPeak() {
        TraceStore.resetPeak();
    }

    /** An estimate of the bytes the tracing machinery itself uses; more than 0 even when not tracing. */
    public static long getTracemallocMemory() {
        return TraceStore.tracemallocMemory();
    }

    /**
     * A Java addition: the sampling interval in bytes of the tracing in progress (what its
     * snapshots record), else the one the next {@link #start} uses; 0 means every allocation is
     * traced. The agent's {@code sampling} key sets it; {@code docs/sampling.md}.
     */
    public static long getSamplingInterval() {
        return TraceStore.activeSamplingInterval();
    }

    /**
     * A Java addition: from the next {@link #start} on, trace about one allocation per {@code bytes}
     * bytes each thread allocates and report unbiased estimates of sizes and counts; 0 traces every
     * allocation. Tracing in progress keeps its interval until it stops.
     *
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public static void setSamplingInterval(long bytes) {
        update(settings -> settings.withSamplingInterval(bytes));
    }

    /** A Java addition: the most heap traces kept at once ({@code maxTraces}); {@link Long#MAX_VALUE} for no cap. */
    public static long getMaxTraces() {
        return TraceStore.maxTraces();
    }

    /**
     * A Java addition: caps the heap traces kept at once. Past the cap, new allocations are counted
     * in {@link #getDroppedTraces()} instead of traced, until collections make room. Applies at once.
     *
     * @throws IllegalArgumentException when {@code max} is less than 1
     */
    public static void setMaxTraces(long max) {
        update(settings -> settings.withMaxTraces(max));
    }

    /** A Java addition: the memory budget of the traces in bytes ({@code maxMemory}); by default half the maximum heap. */
    public static long getMaxMemory() {
        return TraceStore.maxMemory();
    }

    /**
     * A Java addition: sets the memory budget of the traces (their slots, weak handles and interned
     * tracebacks). At the budget, new allocations are counted in {@link #getDroppedTraces()} instead
     * of traced, until collections make room. Applies at once.
     *
     * @throws IllegalArgumentException when {@code bytes} is less than 1 MiB
     */
    public static void setMaxMemory(long bytes) {
        update(settings -> settings.withMaxMemory(bytes));
    }

    /**
     * A Java addition: the sampling interval the next {@link #start} uses, and the caps in force
     * ({@code maxTraces}, {@code maxMemory}), as one value.
     */
    public static TracingSettings getSettings() {
        return TraceStore.settings();
    }

    /**
     * A Java addition: applies {@code settings}, the caps at once (also to tracing in progress),
     * the sampling interval from the next {@link #start} on. The agent applies its
     * {@code sampling}, {@code maxTraces} and {@code maxMemory} keys this way before it starts.
     */
    public static synchronized void configure(TracingSettings settings) {
        TraceStore.configure(Objects.requireNonNull(settings, "settings"));
    }

    private static synchronized void update(UnaryOperator<TracingSettings> change) {
        configure(change.apply(getSettings()));
    }

    /**
     * A Java addition: the number of traces (heap objects no sweep has found dead yet, and tracked
     * blocks of other domains) without taking a snapshot; 0 when not tracing. Cheap: no lock, no walk.
     */
    public static long getTraceCount() {
        return TraceStore.traceCount();
    }

    /**
     * A Java addition: the allocations not traced since tracing started or traces were cleared,
     * because the store was at its {@code maxTraces} cap or its memory budget; 0 when not tracing.
     * Snapshots carry the same count ({@link Snapshot#droppedTraces()}).
     */
    public static long getDroppedTraces() {
        return TraceStore.droppedTraces();
    }

    /**
     * The traceback where {@code object} was allocated, or null when it was allocated before
     * tracing started, by untraced code, or when not tracing. Scans the live traces (there is no
     * per-object map on the allocation path), so it costs time proportional to their number.
     */
    public static Traceback getObjectTraceback(Object object) {
        return TraceStore.objectTraceback(object);
    }

    /**
     * A snapshot of the traces of the blocks of every domain that are traced now: as in Python,
     * every heap object the collector has not reclaimed yet, dead temporaries included (see
     * {@link #takeSettledSnapshot()}).
     *
     * @throws IllegalStateException when not tracing
     */
    public static Snapshot takeSnapshot() {
        return requireTracing(TraceStore.takeSnapshot(false));
    }

    /**
     * A Java addition: {@link #collectGarbage()}, then {@link #takeSnapshot()}, so that the
     * snapshot holds the live set (what a heap dump of live objects would show) instead of
     * whatever garbage the collector has not reclaimed yet. Its {@link Snapshot#settled()} says
     * whether the collection succeeded (false with {@code -XX:+DisableExplicitGC}). What the
     * command line's snapshots of a running JVM and {@code dumpOnExit} take by default.
     *
     * @throws IllegalStateException when not tracing
     */
    public static Snapshot takeSettledSnapshot() {
        return requireTracing(TraceStore.takeSnapshot(true));
    }

    /**
     * A Java addition: a snapshot of every allocation since tracing started or the traces were last
     * cleared, dead objects included, as one trace per traceback and domain: {@link Trace#count()}
     * allocations of {@link Trace#size()} bytes in all ({@link Snapshot#isAllocationSnapshot()}).
     * Its statistics rank the lines that allocate the most (the garbage that makes the collector
     * work), with the same methods, filters, comparisons and dumps as any snapshot. In sampling mode
     * the totals are estimates; allocations dropped at the store's cap or budget are left out
     * ({@link Snapshot#droppedTraces()} counts them). Costs time proportional to the slots the store
     * holds (live objects and the dead not yet dropped), not to the allocations, and costs the
     * allocating threads nothing.
     *
     * @throws IllegalStateException when not tracing
     */
    public static Snapshot takeAllocationSnapshot() {
        return requireTracing(TraceStore.takeAllocationSnapshot());
    }

    private static Snapshot requireTracing(Snapshot snapshot) {
        if (snapshot == null) {
            throw new IllegalStateException(
                    "the tracemalloc module must be tracing memory allocations to take a snapshot");
        }
        return snapshot;
    }

    /**
     * Runs {@code code} on this thread and returns every heap allocation it made meanwhile, by
     * allocation site, including objects that are garbage (or already collected) by the time it
     * returns: what a snapshot cannot show. Only this thread's allocations count, only those the
     * agent traces (instrumented classes), and none of the counting machinery's. Exceptions from
     * {@code code} propagate; counting stops either way.
     *
     * @throws IllegalStateException when not tracing, or when called from inside {@code code}
     */
    public static Allocations countAllocations(Runnable code) {
        return TraceStore.countAllocations(code);
    }

    /**
     * Traces block {@code id} of {@code domain} with {@code size} bytes and the caller's traceback
     * (CPython's {@code PyTraceMalloc_Track}); tracking it again replaces size and traceback.
     *
     * @return false when not tracing
     * @throws IllegalArgumentException when size is negative
     */
    public static boolean track(int domain, long id, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        return TraceStore.track(domain, id, size);
    }

    /**
     * Forgets block {@code id} of {@code domain} (CPython's {@code PyTraceMalloc_Untrack}); a block
     * that is not traced is ignored.
     *
     * @return false when not tracing
     */
    public static boolean untrack(int domain, long id) {
        return TraceStore.untrack(domain, id);
    }
}
