package org.jtracemalloc.it.app;

import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.jtracemalloc.Tracemalloc;

/**
 * Run with the agent and a {@code maxTraces} cap below {@link #KEPT}: keeps that many small arrays
 * alive, then prints how many traces the snapshot holds and how many allocations were dropped;
 * then what the agent's MBean says (its trace count and dropped count, read before and after it
 * writes a snapshot to the file named by the first argument).
 */
public final class CappedAllocations {
    public static final int KEPT = 100_000;

    private CappedAllocations() {}

    public static void main(String[] args) throws Exception {
        List<int[]> kept = new ArrayList<>(KEPT);
        for (int i = 0; i < KEPT; i++) {
            kept.add(new int[4]);
        }
        System.out.println("traces " + Tracemalloc.takeSnapshot().traces().size());
        System.out.println("dropped " + Tracemalloc.getDroppedTraces());

        MBeanServer server = AgentMBean.awaitRegistration();
        ObjectName name = AgentMBean.NAME;
        System.out.println("mbeanTraceCount " + server.getAttribute(name, "TraceCount"));
        System.out.println("mbeanMaxTraces " + server.getAttribute(name, "MaxTraces"));
        System.out.println("mbeanDroppedBefore " + server.getAttribute(name, "DroppedTraces"));
        System.out.println("mbeanSnapshotTraces " + server.invoke(name, "takeSnapshot", new Object[] {args[0]},
                new String[] {String.class.getName()}));
        System.out.println("mbeanDroppedAfter " + server.getAttribute(name, "DroppedTraces"));
        System.out.println("kept " + kept.size());
    }
}
