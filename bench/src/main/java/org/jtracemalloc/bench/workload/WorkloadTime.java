package org.jtracemalloc.bench.workload;

import java.util.Locale;

/**
 * The in-process time of a workload, printed on a line {@code bench/run.sh} looks for: from the
 * start of the workload's {@code main} to the end of its work, so without the JVM's start-up, the
 * agent's {@code premain} and the JVM's exit. The anchors (CPython's tracemalloc 7.5x,
 * JFR 1.08x, allocation-instrumenter 3.0-3.7x) are times of this kind.
 */
final class WorkloadTime {
    /** The mark {@code run.sh} greps for; the milliseconds follow it. */
    static final String MARK = "jtracemalloc-bench workload-ms ";

    private final long start = System.nanoTime();

    private WorkloadTime() {}

    /** Starts the clock: call first thing in {@code main}. */
    static WorkloadTime start() {
        return new WorkloadTime();
    }

    /** Prints the milliseconds since {@link #start()} on the marked line. */
    void print() {
        long elapsed = System.nanoTime() - start;
        System.out.println(MARK + String.format(Locale.ROOT, "%.3f", elapsed / 1e6));
    }
}
