package org.jtracemalloc.it.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;

/**
 * The store under load, run with the agent in exact mode: {@code threads} threads allocate small
 * short-lived objects as fast as they can (each keeps a ring of the last {@link #RING} ones, so
 * the live set stays a few MB) and start a short thread of their own now and then, while the main
 * thread runs every control operation in turn for {@code seconds} seconds and times each. Then the
 * allocators stop, tracing is cleared, each of {@code threads} new threads fills one ring and keeps
 * it, and the program prints how many objects the snapshot holds from the ring's fill (it must be
 * exactly threads * RING), the slowest of each operation, and the store's memory.
 *
 * <p>Arguments: seconds, threads, and optionally a number of objects the main thread keeps alive
 * from the start; with it, the loop leaves out {@code clearTraces} and {@code stop}/{@code start},
 * so that every snapshot holds at least that many traces. Run it long by hand:
 * {@code java -Xmx2g -javaagent:agent/target/jtracemalloc-agent.jar=nframe=3 -cp it-tests/target/test-classes org.jtracemalloc.it.app.StoreStress 300 8}
 */
public final class StoreStress {
    public static final int RING = 4096;
    private static final int NFRAME = 3;

    /** What the allocators allocate: 24 bytes with compressed class pointers. */
    static final class Item {
        final long sequence;

        Item(long sequence) {
            this.sequence = sequence;
        }
    }

    /** The line of the allocation that fills the kept rings. */
    private static volatile int keptLine;

    private StoreStress() {}

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        int threads = Integer.parseInt(args[1]);
        Item[] retained = new Item[args.length > 2 ? Integer.parseInt(args[2]) : 0];
        for (int i = 0; i < retained.length; i++) {
            retained[i] = new Item(i);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong allocated = new AtomicLong();
        AtomicLong churned = new AtomicLong();
        List<Thread> allocators = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> allocate(running, allocated, churned), "allocator-" + t);
            thread.start();
            allocators.add(thread);
        }

        Map<String, Long> slowest = new TreeMap<>();
        Path dump = Files.createTempFile("stress", ".snapshot");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long rounds = 0;
        AtomicLong largest = new AtomicLong();
        while (System.nanoTime() < deadline) {
            Snapshot[] taken = new Snapshot[1];
            timed(slowest, "takeSnapshot", () -> taken[0] = Tracemalloc.takeSnapshot());
            timed(slowest, "statistics", () -> taken[0].statistics("lineno"));
            largest.accumulateAndGet(taken[0].traces().size(), Math::max);
            timed(slowest, "getTracedMemory", Tracemalloc::getTracedMemory);
            timed(slowest, "getTracemallocMemory", Tracemalloc::getTracemallocMemory);
            timed(slowest, "traceCount", Tracemalloc::getTraceCount);
            timed(slowest, "dump", () -> taken[0].dump(dump));
            timed(slowest, "load", () -> Snapshot.load(dump));
            if (retained.length == 0) {
                timed(slowest, "clearTraces", Tracemalloc::clearTraces);
                timed(slowest, "stop+start", () -> {
                    Tracemalloc.stop();
                    Tracemalloc.start(NFRAME);
                });
            }
            rounds++;
        }
        running.set(false);
        for (Thread thread : allocators) {
            thread.join();
        }
        Files.delete(dump);

        Tracemalloc.clearTraces();
        List<Item[]> kept = new ArrayList<>();
        List<Thread> fillers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Item[] ring = new Item[RING];
            kept.add(ring);
            Thread thread = new Thread(() -> fillRing(ring));
            thread.start();
            fillers.add(thread);
        }
        for (Thread thread : fillers) {
            thread.join();
        }
        Tracemalloc.collectGarbage();
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        long held = 0;
        for (Statistic statistic : snapshot.statistics("lineno")) {
            Frame frame = statistic.traceback().get(0);
            if (frame.filename().endsWith("/StoreStress.java") && frame.lineno() == keptLine) {
                held = statistic.count();
            }
        }
        System.out.println("rounds " + rounds);
        System.out.println("largestSnapshot " + largest.get());
        System.out.println("allocated " + allocated.get());
        System.out.println("churned " + churned.get());
        slowest.forEach((op, nanos) -> System.out.println("slowest " + op + " " + nanos / 1_000_000));
        System.out.println("held " + held);
        System.out.println("expected " + (long) threads * RING);
        System.out.println("dropped " + snapshot.droppedTraces());
        System.out.println("storeMemory " + Tracemalloc.getTracemallocMemory());
        Runtime runtime = Runtime.getRuntime();
        System.out.println("heapUsed " + (runtime.totalMemory() - runtime.freeMemory()));
        System.out.println("keptRings " + kept.size() + " retained " + retained.length);
    }

    private static void fillRing(Item[] ring) {
        for (int i = 0; i < ring.length; i++) {
            keptLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            ring[i] = new Item(i);
        }
    }

    private static void allocate(AtomicBoolean running, AtomicLong allocated, AtomicLong churned) {
        Item[] ring = new Item[RING];
        long n = 0;
        while (running.get()) {
            ring[(int) (n & (RING - 1))] = new Item(n);
            n++;
            if ((n & 0xFFFF) == 0) {
                Thread churn = new Thread(() -> {
                    Object[] shortLived = new Object[256];
                    for (int i = 0; i < shortLived.length; i++) {
                        shortLived[i] = new Item(i);
                    }
                });
                churn.start();
                try {
                    churn.join();
                } catch (InterruptedException e) {
                    return;
                }
                churned.incrementAndGet();
            }
        }
        allocated.addAndGet(n);
    }

    /** A control operation. */
    private interface Op {
        void run() throws Exception;
    }

    /** Runs {@code action}, keeping its time if it is the slowest of its kind (the first, cold round apart). */
    private static void timed(Map<String, Long> slowest, String op, Op action) throws Exception {
        long start = System.nanoTime();
        action.run();
        long nanos = System.nanoTime() - start;
        slowest.merge(slowest.containsKey("first " + op) ? op : "first " + op, nanos, Math::max);
    }
}
