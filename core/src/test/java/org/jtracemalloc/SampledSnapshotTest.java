package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Traces that stand for several blocks: statistics sum their counts; exact traces count 1. */
class SampledSnapshotTest {
    private static final Traceback A = new Traceback(List.of(new Frame("a.py", 1)), null);
    private static final Traceback B = new Traceback(List.of(new Frame("b.py", 2)), null);

    @Test
    void statisticsSumTheCounts() {
        Snapshot snapshot = new Snapshot(List.of(
                new Trace(0, 65560, A, 1366), new Trace(0, 65560, A, 1366), new Trace(0, 10, B)), 1, 65536);
        assertEquals(List.of(new Statistic(A, 131120, 2732), new Statistic(B, 10, 1)),
                snapshot.statistics("lineno"));
        assertEquals(List.of(new Statistic(new Traceback(List.of(new Frame("a.py", 0)), null), 131120, 2732),
                        new Statistic(new Traceback(List.of(new Frame("b.py", 0)), null), 10, 1)),
                snapshot.statistics("filename", true));
    }

    @Test
    void compareToDiffsTheCounts() {
        Snapshot old = new Snapshot(List.of(new Trace(0, 65560, A, 1366)), 1, 65536);
        Snapshot now = new Snapshot(List.of(new Trace(0, 65560, A, 1366), new Trace(0, 70000, A, 1400)), 1, 65536);
        assertEquals(List.of(new StatisticDiff(A, 135560, 70000, 2766, 1400)), now.compareTo(old, "lineno"));
    }

    @Test
    void theIntervalAndCountsSurviveFiltering() {
        Snapshot snapshot = new Snapshot(List.of(new Trace(0, 65560, A, 1366), new Trace(0, 10, B)), 1, 65536);
        Snapshot filtered = snapshot.filterTraces(List.of(new Filter(true, "a.py")));
        assertEquals(65536, filtered.samplingInterval());
        assertEquals(List.of(new Trace(0, 65560, A, 1366)), filtered.traces());
    }

    @Test
    void exactTracesCountOneAndTheCountIsPartOfEquality() {
        assertEquals(1, new Trace(0, 8, A).count());
        assertEquals(new Trace(0, 8, A), new Trace(0, 8, A, 1));
        assertNotEquals(new Trace(0, 8, A), new Trace(0, 8, A, 2));
        assertEquals(0, new Snapshot(List.of(), 1).samplingInterval());
    }

    @Test
    void badCountsAndIntervalsAreRefused() {
        assertEquals("count must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Trace(0, 8, A, 0)).getMessage());
        assertEquals("samplingInterval must be 0 or more, got -1",
                assertThrows(IllegalArgumentException.class, () -> new Snapshot(List.of(), 1, -1)).getMessage());
    }
}
