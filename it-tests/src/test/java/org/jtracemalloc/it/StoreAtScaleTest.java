package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtracemalloc.it.app.StoreStress;
import org.junit.jupiter.api.Test;

/**
 * The store under load with the real agent in exact mode: many allocating threads, thread churn
 * and every control operation in a loop, in a 2 GB heap. A short form of what
 * {@link StoreStress} runs for minutes by hand.
 */
class StoreAtScaleTest {
    private static final int THREADS = 8;
    private static final int SECONDS = 20;
    /** Half the run: an operation that waited on the allocators would wait until they stop. */
    private static final long STALL_MILLIS = SECONDS * 1000 / 2;

    @Test
    void manyAllocatingThreadsNeitherExhaustTheHeapNorStallTheControlOperations() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("nframe=3").option("-Xmx2g")
                .run(StoreStress.class, Integer.toString(SECONDS), Integer.toString(THREADS));
        System.out.println(String.join("\n", result.stdout()));
        assertEquals(0, result.exitCode(), result::toString); // an OutOfMemoryError anywhere ends it otherwise
        assertTrue(result.stderr().isEmpty(), result::toString);
        assertTrue(result.number("rounds") > 10, result::toString);
        assertTrue(result.number("churned") > 0, result::toString);

        // Every object the program holds at the end is traced, exactly, and nothing was dropped.
        assertEquals((long) THREADS * StoreStress.RING, result.number("held"), result::toString);
        assertEquals(0, result.number("dropped"), result::toString);

        // No control operation waited on the allocators, the first, cold one (class loading,
        // interpreted code) included. A stall would last as long as the allocating threads run
        // (the whole run); the bound tells a stall from a slow machine, and is no speed target:
        // the speeds are measured by StoreStress by hand (docs/performance-log.md, "The store at scale").
        for (String op : new String[] {"takeSnapshot", "statistics", "dump", "load", "clearTraces", "stop+start",
                "getTracedMemory", "getTracemallocMemory", "traceCount"}) {
            for (String round : new String[] {"slowest first ", "slowest "}) {
                assertTrue(result.number(round + op) < STALL_MILLIS, () -> round + op + " stalled: " + result);
            }
        }
        // The store's own memory at the end: the rings' traces and the interned tables, a few MB.
        assertTrue(result.number("storeMemory") < 32L << 20, result::toString);
    }
}
