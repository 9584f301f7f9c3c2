package org.jtracemalloc.junit;

import org.jtracemalloc.Tracemalloc;

/**
 * Keeps tracing on while the extension or an assertion needs it, with at least the traceback limit
 * it asked for, and leaves the JVM as it found it: tracing that was off is stopped when the last
 * holder releases it; tracing that was on stays on.
 *
 * <p>A smaller running limit is raised by restarting ({@code stop()} then {@code start(nframe)}),
 * because CPython's {@code start} keeps the old limit while tracing. The restart drops the traces
 * recorded so far; tracing then stays on with the larger limit.
 */
final class TracingLease {
    private static int holders;
    private static boolean startedHere;

    private TracingLease() {}

    static synchronized void acquire(int nframe) {
        if (!Tracemalloc.isTracing()) {
            Tracemalloc.start(nframe);
            startedHere = true;
        } else if (Tracemalloc.getTracebackLimit() < nframe) {
            Tracemalloc.stop();
            Tracemalloc.start(nframe);
        }
        holders++;
    }

    static synchronized void release() {
        holders--;
        if (holders == 0 && startedHere) {
            startedHere = false;
            Tracemalloc.stop();
        }
    }
}
