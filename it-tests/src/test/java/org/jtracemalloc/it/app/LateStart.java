package org.jtracemalloc.it.app;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.agent.instrument.InstrumentationStats;
import org.jtracemalloc.store.AgentLink;

/**
 * Runs with {@code start=false}: a class is loaded and used before tracing starts, when the agent
 * must have rewritten nothing and defined nothing in the boot loader, then used again after {@code Tracemalloc.start()}, whose return
 * means that its allocations are traced.
 */
public final class LateStart {
    public static final int ARRAYS = 50;
    private static final String FILENAME = "org/jtracemalloc/it/app/LateStart.java";
    private static final List<Object> kept = new ArrayList<>();

    private LateStart() {}

    public static void main(String[] args) {
        allocate();
        System.out.println("instrumentedBeforeStart " + InstrumentationStats.ofThisJvm().classesInstrumented());
        System.out.println("hookBeforeStart " + hookInBootLoader());
        Object beforeStart = kept.get(0);
        kept.clear();

        Tracemalloc.start();
        allocate();
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        System.out.println("instrumentedAfterStart " + InstrumentationStats.ofThisJvm().classesInstrumented());
        System.out.println("hookAfterStart " + hookInBootLoader());
        System.out.println("beforeStartTraced " + (Tracemalloc.getObjectTraceback(beforeStart) != null));
        for (Statistic statistic : snapshot.statistics("lineno")) {
            if (statistic.traceback().get(0).filename().equals(FILENAME)) {
                System.out.println("statistic " + statistic.size() + " " + statistic.count());
            }
        }
        System.out.println("arraySize " + AgentLink.binding().sizeOf(kept.get(0)));
    }

    /** Whether the agent has defined its allocation hook in the boot loader (without loading it anywhere). */
    private static boolean hookInBootLoader() {
        try {
            Class.forName("org.jtracemalloc.bootstrap.AllocationHook", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void allocate() {
        for (int i = 0; i < ARRAYS; i++) {
            kept.add(new byte[1000]);
        }
    }
}
