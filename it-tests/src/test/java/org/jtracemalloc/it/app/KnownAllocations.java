package org.jtracemalloc.it.app;

import java.util.ArrayList;
import java.util.List;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Traceback;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.AgentLink;

/**
 * Run with the agent: allocates known objects at the lines marked {@code // site: NAME}, then
 * prints what tracemalloc saw, one fact per line ({@code key value...}) for the test to check.
 * Modes: {@code lines} (statistics, object traceback, release after GC), {@code chain} (a
 * five-call chain, for nframe=5), {@code keep} (allocate and exit, for dumpOnExit).
 */
public final class KnownAllocations {
    public static final String FILENAME = "org/jtracemalloc/it/app/KnownAllocations.java";
    public static final int ARRAYS = 100;
    public static final int ARRAY_LENGTH = 1000;
    public static final int PAYLOADS = 50;

    /** Kept live until the test's mode releases it. */
    private static List<Object> kept = new ArrayList<>();

    private KnownAllocations() {}

    /** A plain object: its size is the JVM's shallow size, nothing else is allocated with it. */
    static final class Payload {
        long first;
        long second;
        int third;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "lines" -> lines();
            case "chain" -> chain();
            case "keep" -> allocate();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void allocate() {
        kept = new ArrayList<>(ARRAYS + PAYLOADS);
        for (int i = 0; i < ARRAYS; i++) {
            kept.add(new byte[ARRAY_LENGTH]); // site: arrays
        }
        for (int i = 0; i < PAYLOADS; i++) {
            kept.add(new Payload()); // site: payloads
        }
    }

    private static void lines() throws InterruptedException {
        // The agent registers its MBean on a thread of its own at start-up; what that thread
        // allocates (traced, and kept) must not grow traced memory while its drop is measured below.
        AgentMBean.awaitRegistration();
        allocate();
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        for (Statistic statistic : snapshot.statistics("lineno")) {
            Frame frame = statistic.traceback().get(0);
            if (frame.filename().equals(FILENAME)) {
                System.out.println("statistic " + frame.lineno() + " " + statistic.size() + " " + statistic.count());
            }
        }
        System.out.println("arraySize " + AgentLink.binding().sizeOf(kept.get(0)));
        System.out.println("payloadSize " + AgentLink.binding().sizeOf(kept.get(ARRAYS)));
        printTraceback("arrayTraceback", Tracemalloc.getObjectTraceback(kept.get(0)));
        printTraceback("payloadTraceback", Tracemalloc.getObjectTraceback(kept.get(ARRAYS)));

        long before = Tracemalloc.getTracedMemory().current();
        kept = null;
        long remaining = -1;
        // Reclaimed objects leave the store once the GC has cleared them; give it a few rounds.
        for (int round = 0; round < 100 && remaining != 0; round++) {
            System.gc();
            Thread.sleep(50);
            remaining = sizeTracedInThisFile(Tracemalloc.takeSnapshot());
        }
        System.out.println("remainingAfterGc " + remaining);
        System.out.println("tracedMemoryDrop " + (before - Tracemalloc.getTracedMemory().current()));
    }

    private static long sizeTracedInThisFile(Snapshot snapshot) {
        long size = 0;
        for (Statistic statistic : snapshot.statistics("filename")) {
            if (statistic.traceback().get(0).filename().equals(FILENAME)) {
                size += statistic.size();
            }
        }
        return size;
    }

    private static void chain() {
        Object allocated = level1();
        printTraceback("chainTraceback", Tracemalloc.getObjectTraceback(allocated));
        System.out.println("readsBacktraces " + AgentLink.readsBacktraces());
    }

    private static Object level1() {
        return level2(); // site: level1
    }

    private static Object level2() {
        return level3(); // site: level2
    }

    private static Object level3() {
        return level4(); // site: level3
    }

    private static Object level4() {
        return level5(); // site: level4
    }

    private static Object level5() {
        return new int[42]; // site: level5
    }

    /** Oldest frame first, as Traceback exposes them. */
    private static void printTraceback(String key, Traceback traceback) {
        StringBuilder line = new StringBuilder(key);
        if (traceback == null) {
            line.append(" none");
        } else {
            for (Frame frame : traceback) {
                line.append(' ').append(frame.methodName()).append(':').append(frame.lineno());
            }
        }
        System.out.println(line);
    }
}
