package org.jtracemalloc.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;
import org.jtracemalloc.Tracemalloc;
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
 * One allocation of 32 bytes handed to the real store in sampling mode, as an instrumented
 * {@code new byte[16]} does, 8 frames below the benchmark method, with the traceback limit of the
 * issue's sampling target (64): the average over the allocations, most of which only count down
 * the thread's interval and return, and the few that are sampled (one in 16,384 at 512 KiB, one in
 * 2,048 at 64 KiB) pay a weak handle and a 64-frame traceback ({@link DeepTracebackBenchmark}
 * measures exact tracing). {@link #untracedAllocation} is the same code without the store, so the
 * difference is the store's. Sizes come from a constant, not from
 * {@code Instrumentation.getObjectSize} (a C2 intrinsic of about 1.5 ns, see
 * jvm-agent-engineering.md section 4.1), and the call reaches the store directly, without the
 * boot hook's read of the sink.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED"})
public class SamplingBenchmark {
    private static final int STACK_DEPTH = 8;
    private static final int NFRAME = 64;

    @Param({"524288", "65536"})
    public long interval;

    private ObjIntConsumer<Object> sink;
    private int site;

    @Setup(Level.Trial)
    public void setUp() {
        site = AllocationSites.register(SamplingBenchmark.class.getName(), "allocate", "SamplingBenchmark.java", 1);
        Tracemalloc.setSamplingInterval(interval);
        sink = FeedingBinding.startTracing(object -> 32L, NFRAME).sink();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        FeedingBinding.stopTracing();
        Tracemalloc.setSamplingInterval(0);
    }

    @Benchmark
    public Object allocation() {
        return below(STACK_DEPTH, true);
    }

    /** The same frames and allocation, not handed to the store: what {@link #allocation} adds is the store's. */
    @Benchmark
    public Object untracedAllocation() {
        return below(STACK_DEPTH, false);
    }

    private Object below(int depth, boolean traced) {
        if (depth > 0) {
            return below(depth - 1, traced);
        }
        byte[] object = new byte[16];
        if (traced) {
            sink.accept(object, site);
        }
        return object;
    }
}
