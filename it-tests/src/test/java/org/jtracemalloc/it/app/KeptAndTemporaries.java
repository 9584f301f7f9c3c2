package org.jtracemalloc.it.app;

import java.util.ArrayList;
import java.util.List;

/**
 * Run with the agent and {@code dumpOnExit}: keeps {@link #KEPT} arrays of 1 KiB until it exits
 * and allocates twenty times as many temporaries of the same size, each dead at once, as a
 * program's boxed and string temporaries are.
 */
public final class KeptAndTemporaries {
    public static final String FILENAME = "org/jtracemalloc/it/app/KeptAndTemporaries.java";
    public static final int KEPT = 2_000;
    public static final int TEMPORARIES = 20 * KEPT;
    public static final int LENGTH = 1024;

    /** Live until the JVM exits. */
    private static final List<byte[]> kept = new ArrayList<>(KEPT);
    /** Read so that the temporaries are used, and thus allocated. */
    private static long checksum;

    private KeptAndTemporaries() {}

    public static void main(String[] args) {
        for (int i = 0; i < TEMPORARIES; i++) {
            byte[] temporary = new byte[LENGTH]; // site: temporary
            temporary[i % LENGTH] = (byte) i;
            checksum += temporary[(i * 7) % LENGTH];
            if (i % 20 == 0) {
                kept.add(new byte[LENGTH]); // site: kept
            }
        }
        System.out.println("kept " + kept.size() + ", checksum " + checksum);
    }
}
