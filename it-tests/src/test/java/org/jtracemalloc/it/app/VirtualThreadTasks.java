package org.jtracemalloc.it.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;

/**
 * Run with the agent on JDK 21 or later: {@code tasks} tasks, each on a virtual thread of its own
 * (at most {@link #IN_FLIGHT} at a time), allocate a 64-byte array and a short string; one task in
 * {@link #KEEP_ONE_IN} keeps its array.
 * Then it prints what the snapshot holds at the array's line (count and bytes), what the
 * allocation snapshot counts there (every task's array, dead or kept), how many arrays the program
 * kept, and the store's own memory.
 */
public final class VirtualThreadTasks {
    public static final int KEEP_ONE_IN = 100;
    private static final int IN_FLIGHT = 10_000;

    /** The line of the kept array's allocation. */
    private static volatile int arrayLine;

    private VirtualThreadTasks() {}

    public static void main(String[] args) throws Exception {
        int tasks = Integer.parseInt(args[0]);
        byte[][] kept = new byte[tasks / KEEP_ONE_IN][];
        long[] lengths = new long[1];
        // The tasks started and not yet ended, bounded as a server's requests are: one thread
        // submitting millions of tasks without a bound outruns two carriers and fills any heap.
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        // Through reflection: the tests compile for Java 17, which has no virtual threads.
        ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        try {
            for (int i = 0; i < tasks; i++) {
                int task = i;
                inFlight.acquire();
                executor.execute(() -> {
                    arrayLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
                    byte[] array = new byte[64];
                    String name = "task-" + task;
                    array[0] = (byte) name.length();
                    if (task % KEEP_ONE_IN == 0) {
                        kept[task / KEEP_ONE_IN] = array;
                    }
                    inFlight.release();
                });
            }
        } finally {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.MINUTES);
        }
        Tracemalloc.collectGarbage();
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        for (Statistic statistic : snapshot.statistics("lineno")) {
            Frame frame = statistic.traceback().get(0);
            if (frame.filename().endsWith("/VirtualThreadTasks.java") && frame.lineno() == arrayLine) {
                System.out.println("tracedArrays " + statistic.count());
                System.out.println("tracedArrayBytes " + statistic.size());
            }
        }
        for (Statistic statistic : Tracemalloc.takeAllocationSnapshot().statistics("lineno")) {
            Frame frame = statistic.traceback().get(0);
            if (frame.filename().endsWith("/VirtualThreadTasks.java") && frame.lineno() == arrayLine) {
                System.out.println("allocatedArrays " + statistic.count());
                System.out.println("allocatedArrayBytes " + statistic.size());
            }
        }
        for (byte[] array : kept) {
            lengths[0] += array.length;
        }
        System.out.println("keptArrays " + kept.length);
        System.out.println("dropped " + snapshot.droppedTraces());
        System.out.println("storeMemory " + Tracemalloc.getTracemallocMemory());
        Runtime runtime = Runtime.getRuntime();
        System.out.println("heapUsed " + (runtime.totalMemory() - runtime.freeMemory()));
        System.out.println("keptBytes " + lengths[0]);
    }
}
