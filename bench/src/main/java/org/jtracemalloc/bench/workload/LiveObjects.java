package org.jtracemalloc.bench.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Measures the heap that a number of live objects take, for the memory-per-live-trace figure:
 * run once without the agent and once with it, the difference divided by the count is what the
 * agent keeps per live trace. It allocates the holding array first, measures the heap used after
 * full collections, allocates the objects (first argument, default 1,000,000 plain
 * {@code Object}s of 16 bytes), collects again and prints the bytes per object.
 */
public final class LiveObjects {
    private LiveObjects() {}

    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Object[] live = new Object[count];
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterCollection(memory);
        for (int i = 0; i < count; i++) {
            live[i] = new Object();
        }
        long after = usedAfterCollection(memory);
        System.out.printf("live objects: %d, heap used %d -> %d bytes, %.1f bytes per object%n",
                count, before, after, (after - before) / (double) count);
        // Keeps the objects reachable until after the measurement.
        if (live[count - 1] == null) {
            throw new AssertionError();
        }
    }

    /** Heap used once repeated full collections (and the agent's sweeps in between) have settled. */
    private static long usedAfterCollection(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
