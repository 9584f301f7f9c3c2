package org.jtracemalloc.store;

/**
 * The agent's own work on application threads and on threads of its own, which runs JDK code that
 * is instrumented like the application's but whose objects are not the application's: rewriting
 * a class on the thread that loads it, registering the MBean, serving the command line tool and
 * the scrape endpoint.
 */
public final class UntracedWork {
    private UntracedWork() {}

    /**
     * Stops tracing this thread's allocations until {@link #end}. Returns whether this call marked
     * the thread; pass that to {@code end}, so that a nested use leaves the mark to the outer one.
     */
    public static boolean begin() {
        return ThreadState.current().enter().entered();
    }

    /** Ends what {@link #begin} began, if that call was the one that marked the thread. */
    public static void end(boolean began) {
        if (began) {
            ThreadState.current().busy = false;
        }
    }

    /**
     * Never traces the threads of {@code group}, from their first allocation to their end: for a
     * group that holds only the agent's own threads, including threads that JDK code creates on
     * the agent's behalf (the HTTP server's dispatcher and timer, created in the group of the
     * thread that starts the server), where the agent cannot call {@link #begin}. Called before the
     * group's first thread starts.
     */
    public static void untraceThreadGroup(ThreadGroup group) {
        ThreadState.untraceGroup(group);
    }
}
