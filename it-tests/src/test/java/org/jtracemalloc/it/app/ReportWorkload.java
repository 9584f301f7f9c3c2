package org.jtracemalloc.it.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Tracemalloc;

/**
 * Run with the agent: retains {@link #FIRST} blocks at the line marked {@code // site: retain},
 * dumps {@code old.snap} into the directory given as argument, retains {@link #SECOND} more at the
 * same line and dumps {@code new.snap}: the inputs of the report commands' tests.
 */
public final class ReportWorkload {
    public static final String FILENAME = "org/jtracemalloc/it/app/ReportWorkload.java";
    public static final int FIRST = 1000;
    public static final int SECOND = 3000;
    public static final int BLOCK = 4096;

    /** Sized up front, so that only the blocks grow between the snapshots. */
    private static final List<byte[]> RETAINED = new ArrayList<>(FIRST + SECOND);

    private ReportWorkload() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        retain(FIRST);
        System.gc();
        Tracemalloc.takeSnapshot().dump(directory.resolve("old.snap"));
        retain(SECOND);
        System.gc();
        Tracemalloc.takeSnapshot().dump(directory.resolve("new.snap"));
    }

    private static void retain(int count) {
        for (int i = 0; i < count; i++) {
            RETAINED.add(new byte[BLOCK]); // site: retain
        }
    }
}
