package org.jtracemalloc.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.AllocationSites;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Tracemalloc.takeSnapshot()} with 1,000,000 live traced objects from 1000 allocation
 * sites, traceback limit 1 (CPython's default). The benchmark stands in for the agent: it binds
 * to the trace store the way the agent does and feeds it the allocations that instrumented code
 * would report, so the real store does the recording and the snapshot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class TakeSnapshotBenchmark {
    /** Kept reachable so that the store keeps their traces. */
    private Object[] live;


    @Setup(Level.Trial)
    public void setUp() {
        // A byte[]'s size: its header plus its elements.
        FeedingBinding binding = FeedingBinding.startTracing(object -> 16L + ((byte[]) object).length, 1);
        int[] sites = new int[SnapshotFixtures.SITES];
        for (int s = 0; s < sites.length; s++) {
            sites[s] = AllocationSites.register("com.example.module" + s % 20 + ".Class" + s, "method",
                    "Class" + s + ".java", 10 + s % 50);
        }
        Random random = new Random(1);
        live = new Object[SnapshotFixtures.TRACES];
        for (int i = 0; i < live.length; i++) {
            double u = random.nextDouble();
            byte[] object = new byte[random.nextInt(4) == 0 ? random.nextInt(64) : 8];
            live[i] = object;
            binding.sink().accept(object, sites[(int) (u * u * sites.length)]);
        }
        int traced = Tracemalloc.takeSnapshot().traces().size();
        if (traced != live.length) {
            throw new IllegalStateException("the store holds " + traced + " traces, not " + live.length);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        FeedingBinding.stopTracing();
        live = null;
    }

    @Benchmark
    public Snapshot takeSnapshot() {
        return Tracemalloc.takeSnapshot();
    }
}
