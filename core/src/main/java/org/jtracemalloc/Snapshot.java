package org.jtracemalloc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The traces of the memory blocks that were live at one moment, like Python's
 * {@code tracemalloc.Snapshot}. Immutable: filtering makes a new snapshot.
 */
public final class Snapshot {
    private final Traces traces;
    private final int tracebackLimit;
    private final long samplingInterval;
    private final long droppedTraces;
    private final boolean settled;
    private final boolean allocationSnapshot;

    /**
     * An exact snapshot: every allocation was traced.
     *
     * @param traces the traces; copied
     * @param tracebackLimit the traceback limit that tracing used when the traces were taken
     */
    public Snapshot(List<Trace> traces, int tracebackLimit) {
        this(traces, tracebackLimit, 0);
    }

    /**
     * @param traces the traces; copied
     * @param tracebackLimit the traceback limit that tracing used when the traces were taken
     * @param samplingInterval the mean bytes between sampled allocations ({@code docs/sampling.md}),
     *     0 when every allocation was traced
     * @throws IllegalArgumentException when {@code samplingInterval} is negative
     */
    public Snapshot(List<Trace> traces, int tracebackLimit, long samplingInterval) {
        this(traces, tracebackLimit, samplingInterval, 0);
    }

    /**
     * @param traces the traces; copied
     * @param tracebackLimit the traceback limit that tracing used when the traces were taken
     * @param samplingInterval the mean bytes between sampled allocations ({@code docs/sampling.md}),
     *     0 when every allocation was traced
     * @param droppedTraces the allocations that were not traced because the store was at its
     *     {@code maxTraces} cap ({@link #droppedTraces()})
     * @throws IllegalArgumentException when {@code samplingInterval} or {@code droppedTraces} is negative
     */
    public Snapshot(List<Trace> traces, int tracebackLimit, long samplingInterval, long droppedTraces) {
        this(traces, tracebackLimit, samplingInterval, droppedTraces, false, false);
    }

    /**
     * @param traces the traces; copied
     * @param tracebackLimit the traceback limit that tracing used when the traces were taken
     * @param samplingInterval the mean bytes between sampled allocations ({@code docs/sampling.md}),
     *     0 when every allocation was traced
     * @param droppedTraces the allocations that were not traced because the store was at its
     *     {@code maxTraces} cap ({@link #droppedTraces()})
     * @param settled whether the traces were taken right after a collection of everything
     *     unreachable ({@link #settled()})
     * @param allocationSnapshot whether each trace is the allocation total of its traceback
     *     ({@link #isAllocationSnapshot()}) rather than one live block
     * @throws IllegalArgumentException when {@code samplingInterval} or {@code droppedTraces} is negative
     */
    public Snapshot(List<Trace> traces, int tracebackLimit, long samplingInterval, long droppedTraces, boolean settled,
            boolean allocationSnapshot) {
        if (samplingInterval < 0) {
            throw new IllegalArgumentException("samplingInterval must be 0 or more, got " + samplingInterval);
        }
        if (droppedTraces < 0) {
            throw new IllegalArgumentException("droppedTraces must be 0 or more, got " + droppedTraces);
        }
        this.traces = Traces.copyOf(traces);
        this.tracebackLimit = tracebackLimit;
        this.samplingInterval = samplingInterval;
        this.droppedTraces = droppedTraces;
        this.settled = settled;
        this.allocationSnapshot = allocationSnapshot;
    }

    /** The traces, in the order given: an immutable list that prints as {@code <Traces len=N>}. */
    public List<Trace> traces() {
        return traces;
    }

    /** The maximum number of frames stored in the tracebacks of the traces. */
    public int tracebackLimit() {
        return tracebackLimit;
    }

    /**
     * The mean bytes between sampled allocations when the traces were taken, 0 for an exact
     * snapshot. In a sampled snapshot sizes and counts are estimates ({@link Trace#count()}).
     */
    public long samplingInterval() {
        return samplingInterval;
    }

    /**
     * How many allocations were not traced because the trace store was at its {@code maxTraces}
     * cap, counted from the start of tracing (or the last {@code clearTraces}) to the moment the
     * snapshot was taken; 0 when none were, and for snapshots built by hand. The traces, their
     * sizes and every statistic leave these allocations out, whether they are still live or not.
     * {@link #filterTraces} keeps the count as it is: a dropped allocation has no traceback to
     * filter on.
     */
    public long droppedTraces() {
        return droppedTraces;
    }

    /**
     * Whether the snapshot was taken right after a full collection that reclaimed every object
     * unreachable at that moment ({@code Tracemalloc.takeSettledSnapshot()}, the command line's
     * snapshots of a running JVM, {@code dumpOnExit}): its traces are then the live set, plus
     * what other threads allocated between the collection and the snapshot. False for
     * {@code Tracemalloc.takeSnapshot()}, which, as in Python, holds every traced object the
     * collector has not reclaimed yet, dead temporaries included, and for snapshots built by hand.
     * {@link #filterTraces}, {@code dump} and {@code load} keep it.
     */
    public boolean settled() {
        return settled;
    }

    /**
     * A Java addition: whether this is an allocation snapshot
     * ({@link Tracemalloc#takeAllocationSnapshot()}), whose traces are totals per traceback (every
     * allocation since tracing started or the traces were cleared, dead objects included:
     * {@link Trace#count()} allocations of {@link Trace#size()} bytes in all), rather than the live
     * blocks of one moment. Statistics, comparisons, filters and dumps treat both alike.
     */
    public boolean isAllocationSnapshot() {
        return allocationSnapshot;
    }

    /**
     * A new snapshot with the traces that pass {@code filters}, in their original order: a trace
     * must pass at least one inclusive filter (if there are any) and every exclusive filter. No
     * filters: a copy with all traces.
     *
     * @throws NullPointerException {@code filters must be a list of filters, not NoneType} when
     *     filters is null (CPython's TypeError), or when a filter is null
     */
    public Snapshot filterTraces(Iterable<? extends BaseFilter> filters) {
        if (filters == null) {
            throw new NullPointerException("filters must be a list of filters, not NoneType");
        }
        FilterSet filterSet = new FilterSet(filters);
        List<Trace> kept = new ArrayList<>();
        for (Trace trace : traces) {
            if (filterSet.accepts(trace)) {
                kept.add(trace);
            }
        }
        return new Snapshot(kept, tracebackLimit, samplingInterval, droppedTraces, settled, allocationSnapshot);
    }

    /** {@code statistics(keyType, false)}; keyType is CPython's name ({@code "lineno"}). */
    public List<Statistic> statistics(String keyType) {
        return statistics(keyType, false);
    }

    /**
     * Statistics grouped by {@code keyType}, CPython's name: {@code "filename"}, {@code "lineno"}
     * or {@code "traceback"}.
     *
     * @throws IllegalArgumentException on an unknown key type or cumulative with "traceback",
     *     with CPython's ValueError messages
     */
    public List<Statistic> statistics(String keyType, boolean cumulative) {
        return statistics(KeyType.fromPythonName(keyType), cumulative);
    }

    /** {@code statistics(keyType, false)}. */
    public List<Statistic> statistics(KeyType keyType) {
        return statistics(keyType, false);
    }

    /**
     * The traces grouped by {@code keyType}, biggest first: sorted by size, then count, then
     * traceback, all descending. Domains are ignored. With {@code cumulative}, every frame of a
     * traceback counts (each occurrence), not only the allocating one.
     *
     * @throws IllegalArgumentException on a null key type, or cumulative with TRACEBACK
     */
    public List<Statistic> statistics(KeyType keyType, boolean cumulative) {
        checkKeyType(keyType, cumulative);
        return Grouping.statistics(traces, keyType, cumulative);
    }

    /** {@code compareTo(old, keyType, false)}; keyType is CPython's name ({@code "lineno"}). */
    public List<StatisticDiff> compareTo(Snapshot old, String keyType) {
        return compareTo(old, keyType, false);
    }

    /** {@link #compareTo(Snapshot, KeyType, boolean)} with CPython's key type name. */
    public List<StatisticDiff> compareTo(Snapshot old, String keyType, boolean cumulative) {
        return compareTo(old, KeyType.fromPythonName(keyType), cumulative);
    }

    /** {@code compareTo(old, keyType, false)}. */
    public List<StatisticDiff> compareTo(Snapshot old, KeyType keyType) {
        return compareTo(old, keyType, false);
    }

    /**
     * The differences from {@code old} to this snapshot, per group of {@code keyType}: sorted by
     * |sizeDiff|, size, |countDiff|, count, then traceback, all descending. A group only in this
     * snapshot has sizeDiff == size; a group only in {@code old} has size 0.
     *
     * @throws IllegalArgumentException on a null key type, or cumulative with TRACEBACK
     */
    public List<StatisticDiff> compareTo(Snapshot old, KeyType keyType, boolean cumulative) {
        checkKeyType(keyType, cumulative);
        return Grouping.compare(traces, old.traces, keyType, cumulative);
    }

    private static void checkKeyType(KeyType keyType, boolean cumulative) {
        if (keyType == null) {
            throw new IllegalArgumentException("unknown key_type: None");
        }
        if (cumulative && keyType == KeyType.TRACEBACK) {
            // sic: CPython's message says "by used"
            throw new IllegalArgumentException("cumulative mode cannot by used with key type 'traceback'");
        }
    }

    /** Writes this snapshot to {@code file} in the format of {@code docs/snapshot-format.md}. */
    public void dump(Path file) throws IOException {
        SnapshotFile.write(this, file);
    }

    /** Reads a snapshot written by {@link #dump(Path)}. */
    public static Snapshot load(Path file) throws IOException {
        return SnapshotFile.read(file);
    }
}
