package org.jtracemalloc.report;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Snapshot;

/**
 * What a listing of a snapshot cannot show by itself: what its traces are (a heading: live
 * objects only when settled, allocation totals), that its sizes are sampling estimates, and that
 * allocations were left out at the {@code maxTraces} cap. One line each, and none for an exact,
 * unsettled snapshot of live blocks that dropped
 * nothing, so that CPython's listings stay as they are.
 */
public final class SnapshotCaveats {
    private SnapshotCaveats() {}

    /**
     * What the traces are, for the head of a listing: a line for a settled snapshot
     * ({@link Snapshot#settled()}) and one for an allocation snapshot; none for a snapshot with
     * Python's meaning, whose listing stays CPython's.
     */
    public static List<String> heading(Snapshot snapshot) {
        List<String> lines = new ArrayList<>(2);
        if (snapshot.settled()) {
            lines.add("Settled: a full collection ran just before this snapshot; its traces are live objects");
        }
        if (snapshot.isAllocationSnapshot()) {
            lines.add("Allocation totals: every allocation since tracing started or the traces were cleared,"
                    + " dead objects included (size: bytes allocated, count: allocations)");
        }
        return lines;
    }

    /** What to read the sizes with, for the foot of a listing. */
    public static List<String> of(Snapshot snapshot) {
        List<String> lines = new ArrayList<>(2);
        if (snapshot.samplingInterval() != 0) {
            lines.add("Sampled: one allocation per " + snapshot.samplingInterval()
                    + " B allocated on average; sizes and counts are estimates");
        }
        if (snapshot.droppedTraces() != 0) {
            lines.add("Dropped: " + snapshot.droppedTraces()
                    + " allocations were not traced (the store was at its maxTraces cap or its memory budget); the sizes above leave them out");
        }
        return lines;
    }
}
