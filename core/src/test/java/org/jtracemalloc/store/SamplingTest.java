package org.jtracemalloc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Allocations;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.FakeAgent.Blob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sampling mode: estimates against known workloads.
 *
 * <p>Bounds: with N objects of s bytes and mean M, each object is traced independently with
 * probability p = 1 - exp(-s/M) and then counts 1/p objects and s/p bytes. The number traced is
 * Binomial(N, p), so both estimates have a relative standard deviation of sqrt((1 - p) / (N p)).
 * For N = 1,000,000, s = 48, M = 64 KiB: N p = 732 samples, 3.7%; the tests allow 5 sigma (18.5%),
 * which a correct estimator misses about once in 1.7 million runs.
 */
class SamplingTest {
    private static final int SITE = AllocationSites.register("com.example.Sampled", "run", "Sampled.java", 7);
    private static final long MEAN = 64 * 1024;

    @RegisterExtension
    final FakeAgent agent = FakeAgent.bound();

    @BeforeEach
    void start() {
        Tracemalloc.setSamplingInterval(MEAN);
        Tracemalloc.start();
    }

    @AfterEach
    void resetInterval() {
        // Tracing that runs keeps its interval: this sets the next start's, and the agent's
        // unbinding, which runs after this method, stops the tracing of this test.
        Tracemalloc.setSamplingInterval(0);
    }

    private static double fiveSigma(long n, long size) {
        double p = -Math.expm1(-(double) size / MEAN);
        return 5 * Math.sqrt((1 - p) / (n * p));
    }

    @Test
    void smallObjectsAreEstimatedWithinTheirVariance() {
        int n = 1_000_000;
        List<Object> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            kept.add(agent.allocate(new Blob(48), SITE));
        }
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        assertEquals(MEAN, snapshot.samplingInterval());
        double tolerance = fiveSigma(n, 48);
        int traced = snapshot.traces().size();
        assertTrue(traced < n / 100, "sampled " + traced + " of " + n);

        Statistic stat = snapshot.statistics("lineno").get(0);
        assertEquals(48.0 * n, stat.size(), 48.0 * n * tolerance, "estimated bytes");
        assertEquals(n, stat.count(), n * tolerance, "estimated count");
        long current = Tracemalloc.getTracedMemory().current();
        assertEquals(stat.size(), current, "traced memory is the same estimate");
        assertEquals(n, kept.size());
    }

    @Test
    void allocationTotalsOfCollectedObjectsAreEstimatedWithinTheirVariance() {
        int n = 1_000_000;
        WeakReference<Object> canary = null;
        for (int i = 0; i < n; i++) {
            canary = new WeakReference<>(agent.allocate(new Blob(48), SITE));
        }
        FakeAgent.collectUntilCleared(canary);
        Snapshot totals = Tracemalloc.takeAllocationSnapshot();
        assertEquals(MEAN, totals.samplingInterval());
        assertEquals(0, Tracemalloc.takeSnapshot().traces().size(), "all dead");
        double tolerance = fiveSigma(n, 48);
        Statistic stat = totals.statistics("lineno").get(0);
        assertEquals(48.0 * n, stat.size(), 48.0 * n * tolerance, "estimated bytes allocated");
        assertEquals(n, stat.count(), n * tolerance, "estimated allocations");
    }

    @Test
    void theHookHandsTheStoreOnlyTheAllocationsThatReachASamplePoint() {
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            kept.add(agent.allocate(new Blob(48), SITE));
        }
        int traced = Tracemalloc.takeSnapshot().traces().size();
        assertTrue(traced > 0);
        // The thread's first allocation reaches the store, which gives the hook its countdown.
        assertEquals(traced + 1, agent.handedToStore(), "traced " + traced);
        assertEquals(100_000, kept.size());
    }

    @Test
    void countAllocationsCountsEveryAllocationOfTheThread() {
        for (int i = 0; i < 10_000; i++) {
            agent.allocate(new Blob(48), SITE);
        }
        Allocations counted = Tracemalloc.countAllocations(() -> {
            for (int i = 0; i < 1000; i++) {
                agent.allocate(new Blob(48), SITE);
            }
        });
        assertEquals(1000, counted.count());
        assertEquals(48_000, counted.size());
    }

    @Test
    void atTheCapEveryAllocationIsCountedAsDropped() {
        try {
            Tracemalloc.setMaxTraces(1);
            List<Object> kept = new ArrayList<>();
            while (Tracemalloc.getDroppedTraces() == 0) {
                kept.add(agent.allocate(new Blob(100 * MEAN), SITE)); // always sampled
            }
            long before = Tracemalloc.getDroppedTraces();
            for (int i = 0; i < 1000; i++) {
                agent.allocate(new Blob(48), SITE);
            }
            assertEquals(before + 1000, Tracemalloc.getDroppedTraces());
            assertTrue(kept.size() > 1);
        } finally {
            Tracemalloc.setMaxTraces(Long.MAX_VALUE);
        }
    }

    @Test
    void objectsMuchLargerThanTheIntervalAreAlwaysTracedExactly() {
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            kept.add(agent.allocate(new Blob(100 * MEAN), SITE));
        }
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        assertEquals(100, snapshot.traces().size());
        for (Trace trace : snapshot.traces()) {
            assertEquals(100 * MEAN, trace.size());
            assertEquals(1, trace.count());
        }
        assertEquals(100, kept.size());
    }

    @Test
    void reclaimedSampledObjectsLeaveTracedMemory() {
        List<Object> dropped = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            dropped.add(agent.allocate(new Blob(48), SITE));
        }
        assertTrue(Tracemalloc.getTracedMemory().current() > 0);
        WeakReference<Object> canary = new WeakReference<>(dropped.get(dropped.size() - 1));
        dropped = null;
        FakeAgent.collectUntilCleared(canary);
        assertEquals(0, Tracemalloc.getTracedMemory().current());
        assertEquals(0, Tracemalloc.takeSnapshot().traces().size());
    }

    @Test
    void clearTracesKeepsTheIntervalAndANewStartTakesTheNewOne() {
        Tracemalloc.setSamplingInterval(0);
        Tracemalloc.clearTraces();
        assertEquals(MEAN, Tracemalloc.takeSnapshot().samplingInterval());
        Tracemalloc.stop();
        Tracemalloc.start();
        Object obj = agent.allocate(new Blob(48), SITE);
        Snapshot exact = Tracemalloc.takeSnapshot();
        assertEquals(0, exact.samplingInterval());
        assertEquals(List.of(48L), exact.traces().stream().map(Trace::size).toList());
        assertEquals(48, obj instanceof Blob b ? b.size() : 0);
    }

    @Test
    void aNegativeIntervalIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracemalloc.setSamplingInterval(-1));
        assertEquals("the sampling interval must be 0 or more bytes, got -1", e.getMessage());
    }

    @Test
    void theSamplerTracesEachSizeWithItsProbability() {
        // Fixed seed: deterministic. 4M allocations of 512 B at M = 64 KiB: p = 0.0078, N p = 31,200
        // expected samples, sigma = sqrt(N p (1 - p)) = 176; the bound is 5 sigma.
        ByteSampler sampler = new ByteSampler(MEAN, 42);
        int n = 4_000_000;
        long sampled = 0;
        for (int i = 0; i < n; i++) {
            if (sampler.samples(512)) {
                sampled++;
            }
        }
        double p = -Math.expm1(-512.0 / MEAN);
        assertEquals(n * p, sampled, 5 * Math.sqrt(n * p * (1 - p)));
        assertEquals(Math.round(512 / p), ByteSampler.bytesRepresented(512, MEAN));
        assertEquals(Math.round(1 / p), ByteSampler.countRepresented(512, MEAN));
        assertEquals(1, ByteSampler.countRepresented(1 << 30, MEAN));
        assertEquals(1L << 30, ByteSampler.bytesRepresented(1 << 30, MEAN));
    }
}
