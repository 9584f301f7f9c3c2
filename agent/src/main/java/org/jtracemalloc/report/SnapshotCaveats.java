package org.jtracemalloc.report;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Snapshot;

/**
 * What a listing of a snapshot cannot show by itself: that its sizes are sampling estimates, and
 * that allocations were left out at the {@code maxTraces} cap. One line each, and none for an
 * exact snapshot that dropped nothing, so that CPython's listings stay as they are.
 */
public final class SnapshotCaveats {
    private SnapshotCaveats() {}

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
