package org.jtracemalloc.cli;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.jmx.TracemallocMBean;

/** How {@code start} and {@code status} report the classes the agent rewrote, and those it did not. */
final class ClassCounts {
    /** The problems named one per line; the MBean lists at most 100. */
    private static final int SHOWN = 10;

    private ClassCounts() {}

    /** What follows "N instrumented, M failed": the classes left unchanged because they cannot be linked, if any. */
    static String notLinkable(TracemallocMBean tracemalloc) {
        long notLinkable = tracemalloc.getClassesNotLinkable();
        return notLinkable == 0 ? "" : ", " + notLinkable + " left unchanged (they cannot be linked, so they never run)";
    }

    /** The classes not rewritten and why, the first {@link #SHOWN}, two spaces in. */
    static List<String> problems(TracemallocMBean tracemalloc) {
        List<String> problems = List.of(tracemalloc.getClassProblems());
        List<String> lines = new ArrayList<>();
        problems.stream().limit(SHOWN).forEach(problem -> lines.add("  " + problem));
        long total = tracemalloc.getClassesFailed() + tracemalloc.getClassesNotLinkable();
        if (total > SHOWN) {
            lines.add("  ... " + (total - SHOWN) + " more (the MBean's ClassProblems attribute lists the first 100)");
        }
        return lines;
    }
}
