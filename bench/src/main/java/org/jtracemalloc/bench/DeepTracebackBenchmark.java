package org.jtracemalloc.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;
import org.jtracemalloc.store.AllocationSites;
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
 * One traced allocation, the whole recording path of the real store (weak handle, chunk append,
 * traceback), {@code stackDepth} frames below the benchmark method, with a traceback limit of
 * {@code nframe}: what an instrumented {@code new byte[16]} costs, including the collector's work
 * for its handle. The two subclasses differ only in how a deep traceback is captured: from the
 * VM's backtrace of a {@code Throwable} (java.lang open, as the agent arranges) or with one
 * {@code StackWalker} walk (the store's fallback).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class DeepTracebackBenchmark {
    @Param({"1", "16"})
    public int nframe;

    @Param({"8", "64"})
    public int stackDepth;

    private ObjIntConsumer<Object> sink;
    private int site;


    @Setup(Level.Trial)
    public void setUp() {
        site = AllocationSites.register(DeepTracebackBenchmark.class.getName(), "allocate", "DeepTracebackBenchmark.java", 1);
        sink = FeedingBinding.startTracing(object -> 32L, nframe).sink();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        FeedingBinding.stopTracing();
    }

    @Benchmark
    public Object tracedAllocation() {
        return below(stackDepth);
    }

    private Object below(int depth) {
        if (depth > 0) {
            return below(depth - 1);
        }
        byte[] object = new byte[16];
        sink.accept(object, site);
        return object;
    }

    /** Deep tracebacks from the Throwable's VM backtrace. */
    @Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED"})
    public static class FromBacktrace extends DeepTracebackBenchmark {}

    /** Deep tracebacks from a StackWalker walk. */
    @Fork(1)
    public static class FromStackWalker extends DeepTracebackBenchmark {}
}
