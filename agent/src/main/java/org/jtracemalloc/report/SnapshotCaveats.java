package org.jtracemalloc.report;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Snapshot;

/**
 * What a listing of a snapshot cannot show by itself: that it holds only live objects (settled),
 * that its sizes are sampling estimates, and that allocations were left out at the
 * {@code maxTraces} cap. One line each, and none for an exact, unsettled snapshot that dropped
 * nothing, so that CPython's listings stay as they are.
 */
public final class SnapshotCaveats {
    private SnapshotCaveats() {}

    /**
     * The line that goes above a listing of a settled snapshot ({@link Snapshot#settled()}); none for
     * one with Python's meaning, whose listing stays CPython's.
     */
    public static List<String> header(Snapshot snapshot) {
        return snapshot.settled()
                ? List.of("Settled: a full collection ran just before this snapshot; its traces are live objects")
                : List.of();
    }

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
