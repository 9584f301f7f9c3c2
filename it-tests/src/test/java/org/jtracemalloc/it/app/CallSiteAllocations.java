package org.jtracemalloc.it.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;

/**
 * Run with the agent (nframe=4): allocates, warm (after C2 compiled the loops), objects that come
 * out of calls or out of JDK code at the lines marked {@code // site: NAME}, keeps them, and prints
 * every statistic of the snapshot grouped by traceback whose frames include this file:
 * {@code statistic COUNT SIZE file:line file:line ...}, most recent frame first.
 */
public final class CallSiteAllocations {
    public static final int ROUNDS = 30_000;
    private static final int[] SOURCE = new int[8];
    private static final String[] NAMES = {"a", "b", "c"};
    private static final String TEXT = "jtracemalloc-call-sites";

    private CallSiteAllocations() {}

    public static void main(String[] args) {
        List<Object> kept = new ArrayList<>();
        // Warm-up: the same code, untraced by the snapshot because it is cleared below.
        allocate(new ArrayList<>());
        Tracemalloc.clearTraces();
        allocate(kept);
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        for (Statistic statistic : snapshot.statistics("traceback")) {
            StringBuilder line = new StringBuilder("statistic " + statistic.count() + " " + statistic.size());
            boolean ours = false;
            for (Frame frame : statistic.traceback()) {
                line.append(' ').append(frame.filename()).append(':').append(frame.lineno());
                ours |= frame.filename().endsWith("CallSiteAllocations.java");
            }
            if (ours) {
                System.out.println(line);
            }
        }
        System.out.println("kept " + kept.size());
    }

    private static void allocate(List<Object> kept) {
        Supplier<Object> factory = Object::new; // site: constructorReference
        for (int i = 0; i < ROUNDS; i++) {
            kept.add(make(factory)); // site: make
            int captured = i;
            kept.add(SOURCE.clone()); // site: clone
            kept.add((IntSupplier) () -> captured); // site: lambda
            kept.add(Arrays.copyOf(NAMES, 5)); // site: copyOf
            Map<Integer, Integer> map = new HashMap<>(2); // site: map
            map.put(1, 1);
            map.put(2, 2); // site: resize
            kept.add(map);
            kept.add(TEXT.substring(i % 4)); // site: substring
        }
    }

    /** Runs a factory: what its lambda proxy makes is traced at the reference's line, this call below it. */
    private static Object make(Supplier<Object> factory) {
        return factory.get(); // site: get
    }
}
