package org.jtracemalloc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.FakeAgent.Blob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allocation snapshots: every allocation since start or clearTraces per traceback, dead objects
 * included, whether their slots are still in a thread's chain, adopted, or dropped by packing.
 */
class AllocationTotalsTest {
    private static final int GARBAGE = AllocationSites.register("com.example.Churn", "run", "Churn.java", 10);
    private static final int KEPT = AllocationSites.register("com.example.Churn", "run", "Churn.java", 11);
    private static final int NATIVE = 1;

    @RegisterExtension
    final FakeAgent agent = FakeAgent.tracing();

    /** Statistics by line: "com/example/Churn.java:10" to {count, size}. */
    private static Map<String, long[]> byLine(Snapshot snapshot) {
        return snapshot.statistics("lineno").stream().collect(Collectors.toMap(
                stat -> stat.traceback().toString(), stat -> new long[] {stat.count(), stat.size()}));
    }

    @Test
    void deadObjectsCountAfterTheirSlotsAreSweptAndPackedAway() {
        List<Object> kept = new ArrayList<>();
        WeakReference<Object> canary = null;
        for (int i = 0; i < 50_000; i++) {
            Blob garbage = agent.allocate(new Blob(24), GARBAGE);
            canary = new WeakReference<>(garbage);
            if (i % 10 == 0) {
                kept.add(agent.allocate(new Blob(40), KEPT));
            }
        }
        FakeAgent.collectUntilCleared(canary); // sweeps: the dead slots are packed away
        for (int i = 0; i < 5_000; i++) {
            agent.allocate(new Blob(24), GARBAGE); // some still in the thread's chain
        }

        Snapshot totals = Tracemalloc.takeAllocationSnapshot();
        assertTrue(totals.isAllocationSnapshot());
        Map<String, long[]> lines = byLine(totals);
        assertEquals(55_000, lines.get("com/example/Churn.java:10")[0]);
        assertEquals(55_000L * 24, lines.get("com/example/Churn.java:10")[1]);
        assertEquals(5_000, lines.get("com/example/Churn.java:11")[0]);
        assertEquals(5_000L * 40, lines.get("com/example/Churn.java:11")[1]);
        assertEquals(2, totals.traces().size(), "one trace per traceback");

        Snapshot live = Tracemalloc.takeSnapshot();
        assertFalse(live.isAllocationSnapshot());
        assertEquals(5_000, byLine(live).get("com/example/Churn.java:11")[0]);
        assertEquals(kept.size(), 5_000);
    }

    @Test
    void clearTracesStartsTheTotalsAgain() {
        for (int i = 0; i < 1000; i++) {
            agent.allocate(new Blob(16), GARBAGE);
        }
        Tracemalloc.clearTraces();
        for (int i = 0; i < 7; i++) {
            agent.allocate(new Blob(16), KEPT);
        }
        List<Statistic> stats = Tracemalloc.takeAllocationSnapshot().statistics("lineno");
        assertEquals(1, stats.size());
        assertEquals("com/example/Churn.java:11: size=112 B, count=7, average=16 B", stats.get(0).toString());
    }

    @Test
    void everyThreadCountsEndedOnesIncluded() throws Exception {
        int tasks = 64;
        int perTask = 2_000;
        ExecutorService executor = Executors.newFixedThreadPool(4);
        for (int t = 0; t < tasks; t++) {
            executor.submit(() -> {
                for (int i = 0; i < perTask; i++) {
                    agent.allocate(new Blob(32), GARBAGE);
                }
            });
        }
        executor.shutdown();
        assertTrue(executor.awaitTermination(1, TimeUnit.MINUTES));
        FakeAgent.collectUntilCleared(new WeakReference<>(new Object())); // the ended threads' logs are folded
        Map<String, long[]> lines = byLine(Tracemalloc.takeAllocationSnapshot());
        assertEquals((long) tasks * perTask, lines.get("com/example/Churn.java:10")[0]);
        assertEquals((long) tasks * perTask * 32, lines.get("com/example/Churn.java:10")[1]);
    }

    @Test
    void trackedBlocksCountEveryTrackInTheirDomain() {
        for (int id = 1; id <= 2; id++) {
            Tracemalloc.track(NATIVE, id, 50 * id); // one traceback: this line
            if (id == 1) {
                Tracemalloc.untrack(NATIVE, id);
            }
        }
        List<Trace> nativeTraces = Tracemalloc.takeAllocationSnapshot().traces().stream()
                .filter(trace -> trace.domain() == NATIVE).toList();
        assertEquals(1, nativeTraces.size());
        assertEquals(2, nativeTraces.get(0).count());
        assertEquals(150, nativeTraces.get(0).size());
    }

    @Test
    void aDumpSaysItHoldsAllocationTotals(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            agent.allocate(new Blob(16), GARBAGE);
        }
        Path file = dir.resolve("allocated.snapshot");
        Tracemalloc.takeAllocationSnapshot().dump(file);
        Snapshot loaded = Snapshot.load(file);
        assertTrue(loaded.isAllocationSnapshot());
        assertEquals(List.of("com/example/Churn.java:10: size=48 B, count=3, average=16 B"),
                loaded.statistics("lineno").stream().map(Statistic::toString).toList());
        assertTrue(loaded.filterTraces(List.of()).isAllocationSnapshot());
    }

    @Test
    void notTracingIsRefused() {
        Tracemalloc.stop();
        assertThrows(IllegalStateException.class, Tracemalloc::takeAllocationSnapshot);
    }
}
