package org.jtracemalloc.junit;

import java.util.List;
import java.util.stream.Collectors;
import org.jtracemalloc.Allocations;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on what a piece of code allocates: every object and array it creates on the calling
 * thread while it runs, including garbage collected before it returns (a snapshot, which holds
 * only live objects, cannot show those). For "this steady-state path allocates nothing" tests.
 *
 * <p>The code runs twice: once to warm it up, uncounted, then once counted. A first run allocates
 * what no later run does: loading and initialising the classes it uses, linking its
 * {@code invokedynamic} sites (string concatenation, lambdas), filling lazy caches. The steady
 * state is the second run.
 *
 * <p>Measured with {@link Tracemalloc#countAllocations}: only the calling thread, only
 * instrumented code, nothing of the assertion's own. Tracing is started when needed (and stopped
 * afterwards), with the agent loaded as for {@link Tracemalloc#start()}.
 */
public final class MemoryAssertions {
    private static final int MESSAGE_SITES = 10;

    private MemoryAssertions() {}

    /** Fails when {@code code} (warmed up) allocates anything; the message names each allocating line. */
    public static void assertNoAllocations(Runnable code) {
        Allocations allocations = count(code);
        if (allocations.count() > 0) {
            throw new AssertionFailedError("expected no allocations, but " + describe(allocations));
        }
    }

    /** Fails when {@code code} (warmed up) allocates more than {@code bytes}; the message names each allocating line. */
    public static void assertAllocatedAtMost(long bytes, Runnable code) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
        Allocations allocations = count(code);
        if (allocations.size() > bytes) {
            throw new AssertionFailedError("expected at most " + bytes + " B allocated, but " + describe(allocations));
        }
    }

    private static Allocations count(Runnable code) {
        TracingLease.acquire(1); // sites are all it needs: no stack walks
        try {
            code.run();
            return Tracemalloc.countAllocations(code);
        } finally {
            TracingLease.release();
        }
    }

    /** {@code 4016 B in 1 object were allocated:} then {@code file:line: N B in M objects}, biggest first. */
    private static String describe(Allocations allocations) {
        List<Statistic> sites = allocations.statistics();
        String lines = sites.stream().limit(MESSAGE_SITES)
                .map(s -> "  " + s.traceback() + ": " + amount(s.size(), s.count()))
                .collect(Collectors.joining("\n"));
        if (sites.size() > MESSAGE_SITES) {
            List<Statistic> rest = sites.subList(MESSAGE_SITES, sites.size());
            lines += "\n  ... and " + rest.size() + " other lines: " + amount(
                    rest.stream().mapToLong(Statistic::size).sum(), rest.stream().mapToLong(Statistic::count).sum());
        }
        return amount(allocations.size(), allocations.count()) + (allocations.count() == 1 ? " was" : " were")
                + " allocated:\n" + lines;
    }

    private static String amount(long bytes, long count) {
        return bytes + " B in " + count + (count == 1 ? " object" : " objects");
    }
}
