package org.jtracemalloc.store;

/**
 * What the store keeps per thread: the re-entrancy flag, and the thread's log in the current
 * generation.
 *
 * <p>The flag is what keeps the store's own allocations out of the traces: while a thread runs
 * store code (recording, a snapshot, interning), the JDK code it calls is instrumented too and
 * comes back through the sink, which drops it. Held in a {@link ThreadLocal} because the agent
 * never instruments {@code java.lang.ThreadLocal*} (the first {@code get} would otherwise
 * allocate, re-enter the sink and recurse) nor {@code org.jtracemalloc.*}.
 */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();

    boolean busy;
    ThreadLog log;
    /** Set while {@link TraceStore#countAllocations} runs on this thread. */
    AllocationTally tally;
    private StackCapture capture;

    private ThreadState() {}

    static ThreadState current() {
        ThreadState state = CURRENT.get();
        if (state == null) {
            state = new ThreadState();
            state.busy = isAttachListener(Thread.currentThread());
            CURRENT.set(state);
        }
        return state;
    }

    /**
     * HotSpot's attach listener thread runs nothing but tools' requests: the command line tool's
     * (the target's properties, starting its JMX agent), jcmd's, an agent being loaded. What it
     * allocates is never the application's, so it is never traced, as if it were store code (about
     * 180 KiB of property serialisation and time-zone data on each first attach, which would
     * otherwise lead a small target's {@code top}).
     *
     * <p>It reads the name field and nothing else: this runs for a thread's first allocation,
     * which may come from inside its own {@code Thread} constructor while the JVM attaches a native
     * thread (the launcher's {@code DestroyJavaVM} at exit, JNI callbacks); there the name is
     * still null and, on JDK 19 and later, so is the holder of the daemon flag, and a throw here
     * would fail every one of that thread's allocations.
     */
    private static boolean isAttachListener(Thread thread) {
        return "Attach Listener".equals(thread.getName());
    }

    /** Marks this thread as running store code; true when this call set the flag (so must clear it). */
    boolean enter() {
        if (busy) {
            return false;
        }
        busy = true;
        return true;
    }

    StackCapture capture() {
        StackCapture c = capture;
        if (c == null) {
            c = capture = new StackCapture();
        }
        return c;
    }
}
