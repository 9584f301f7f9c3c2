package org.jtracemalloc.it.app;

import java.util.ArrayList;
import java.util.List;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;

/**
 * Run with the agent in sampling mode: keeps {@link #SMALL} 48-byte arrays and {@link #LARGE}
 * 1 MiB arrays allocated at the lines marked {@code // site: NAME}, and drops as many 48-byte
 * arrays again, then prints the snapshot's sampling interval (and the MBean's), each line's
 * statistic ({@code statistic LINE SIZE COUNT}), the traced memory, and each line's allocation
 * totals ({@code allocated LINE SIZE COUNT}).
 */
public final class SampledAllocations {
    public static final String FILENAME = "org/jtracemalloc/it/app/SampledAllocations.java";
    public static final int SMALL = 1_000_000;
    /** 32 bytes of data: 48 bytes with a 16-byte array header, and also with JDK 25's 12-byte one (aligned to 8). */
    public static final int SMALL_LENGTH = 32;
    public static final int LARGE = 20;
    public static final int LARGE_LENGTH = 1 << 20;

    /** The last of the dropped arrays, so that the loop's work is used. */
    private static byte[] lastGarbage;

    private SampledAllocations() {}

    public static void main(String[] args) throws Exception {
        List<Object> kept = new ArrayList<>(SMALL + LARGE);
        for (int i = 0; i < SMALL; i++) {
            kept.add(new byte[SMALL_LENGTH]); // site: small
        }
        for (int i = 0; i < LARGE; i++) {
            kept.add(new byte[LARGE_LENGTH]); // site: large
        }
        for (int i = 0; i < SMALL; i++) {
            lastGarbage = new byte[SMALL_LENGTH]; // site: garbage
        }
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        System.out.println("samplingInterval " + snapshot.samplingInterval());
        System.out.println("mbeanSamplingInterval "
                + AgentMBean.awaitRegistration().getAttribute(AgentMBean.NAME, "SamplingInterval"));
        System.out.println("traces " + snapshot.traces().size());
        printLines("statistic", snapshot);
        System.out.println("tracedCurrent " + Tracemalloc.getTracedMemory().current());
        printLines("allocated", Tracemalloc.takeAllocationSnapshot());
        System.out.println("kept " + kept.size() + ", last garbage " + lastGarbage.length);
    }

    private static void printLines(String key, Snapshot snapshot) {
        for (Statistic statistic : snapshot.statistics("lineno")) {
            Frame frame = statistic.traceback().get(0);
            if (frame.filename().equals(FILENAME)) {
                System.out.println(key + " " + frame.lineno() + " " + statistic.size() + " " + statistic.count());
            }
        }
    }
}
