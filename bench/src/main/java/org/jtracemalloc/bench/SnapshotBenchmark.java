package org.jtracemalloc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.StatisticDiff;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Snapshot operations on 1,000,000 traces from 1000 tracebacks, the workload of CPython's own
 * figures in docs/performance-log.md, "Snapshot operations on 1M traces, JMH". SampleTime mode
 * times every call, so JMH reports the median (p0.50) that the comparison uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class SnapshotBenchmark {
    /** Frames per traceback: 1 is CPython's default limit, 10 a typical deeper setting. */
    @Param({"1", "10"})
    int depth;

    private Snapshot snapshot;
    private Snapshot older;
    private Path directory;
    private Path dumped;
    private Path dumpTarget;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        snapshot = SnapshotFixtures.snapshot(depth, 1, 0);
        older = SnapshotFixtures.snapshot(depth, 2, 1);
        directory = Files.createTempDirectory("jtracemalloc-bench");
        dumped = directory.resolve("loaded.snapshot");
        dumpTarget = directory.resolve("dumped.snapshot");
        snapshot.dump(dumped);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(dumped);
        Files.deleteIfExists(dumpTarget);
        Files.deleteIfExists(directory);
    }

    @Benchmark
    public List<Statistic> statisticsLineno() {
        return snapshot.statistics("lineno");
    }

    @Benchmark
    public List<Statistic> statisticsTraceback() {
        return snapshot.statistics("traceback");
    }

    @Benchmark
    public List<StatisticDiff> compareToLineno() {
        return snapshot.compareTo(older, "lineno");
    }

    @Benchmark
    public Path dump() throws IOException {
        snapshot.dump(dumpTarget);
        return dumpTarget;
    }

    @Benchmark
    public Snapshot load() throws IOException {
        return Snapshot.load(dumped);
    }
}
