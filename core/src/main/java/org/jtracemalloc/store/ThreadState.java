package org.jtracemalloc.store;

/**
 * What the store keeps per thread: the re-entrancy flag, the thread's log in the current
 * generation (platform threads), its sampler and its stack capture.
 *
 * <p>The flag is what keeps the store's own allocations out of the traces: while a thread runs
 * store code (recording, a snapshot, interning), the JDK code it calls is instrumented too and
 * comes back through the sink, which drops it. Held in a {@link ThreadLocal} because the agent
 * never instruments {@code java.lang.ThreadLocal*} (the first {@code get} would otherwise
 * allocate, re-enter the sink and recurse) nor {@code org.jtracemalloc.*}. A virtual thread's
 * state dies with it; its traces go to the generation's stripes ({@link ThreadLogs}), so nothing
 * the store keeps grows with the number of virtual threads ever started.
 */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();
    /** The group of the agent's own threads ({@link UntracedWork#untraceThreadGroup}), or null. */
    private static volatile ThreadGroup untracedGroup;

    boolean busy;
    /** A virtual thread: appends to a shared stripe, never to a log of its own. */
    final boolean virtual;
    /** Platform threads: the thread's log in the generation it last recorded in. */
    ThreadLog log;
    /** Set while {@link TraceStore#countAllocations} runs on this thread. */
    AllocationTally tally;
    private StackCapture capture;
    private ByteSampler sampler;
    /** The hook's countdowns that hold this thread's sampler ({@link #countDownInHook}), or null. */
    private ThreadLocal<long[]> samplingCountdowns;
    private final Section section = new Section(this);

    private ThreadState(Thread thread) {
        this.virtual = thread.getClass().getName().equals("java.lang.VirtualThread");
        this.busy = isAttachListener(thread) || inUntracedGroup(thread);
    }

    static ThreadState current() {
        ThreadState state = CURRENT.get();
        if (state == null) {
            state = new ThreadState(Thread.currentThread());
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

    static void untraceGroup(ThreadGroup group) {
        untracedGroup = group;
    }

    /**
     * Whether the thread belongs to the agent's own thread group. Read only once such a group
     * exists. On JDK 19 and later, a thread that the JVM attaches (see above) has no field holder
     * yet while its constructor runs, and {@code getThreadGroup} then throws; such a thread is
     * never one of the agent's, so it reads as not in the group. Nothing here allocates.
     */
    private static boolean inUntracedGroup(Thread thread) {
        ThreadGroup group = untracedGroup;
        if (group == null) {
            return false;
        }
        try {
            return thread.getThreadGroup() == group;
        } catch (NullPointerException constructing) {
            return false;
        }
    }

    /**
     * Marks this thread as running store code until the returned section is closed; a nested
     * section (the thread was already marked) leaves the mark to the outer one. Allocation-free.
     */
    Section enter() {
        if (busy) {
            return Section.NESTED;
        }
        busy = true;
        return section;
    }

    /** This thread's sampler for {@code interval}, or null when every allocation is traced. */
    ByteSampler sampler(long interval) {
        if (interval == 0) {
            return null;
        }
        ByteSampler s = sampler;
        if (s == null || s.mean() != interval) {
            sampler = s = ByteSampler.forCurrentThread(interval);
        }
        return s;
    }

    /**
     * Sampling mode: from now on the boot hook takes this thread's allocations off the sampler's
     * countdown itself ({@code countdowns} is the one it reads), and calls the store only for an
     * allocation that reaches the next sample point.
     */
    void countDownInHook(ThreadLocal<long[]> countdowns, ByteSampler sampler) {
        if (samplingCountdowns != countdowns) {
            countdowns.set(sampler.countdownCell());
            samplingCountdowns = countdowns;
        }
    }

    /**
     * Every allocation of this thread reaches the store again: a tally counts each one, and at
     * the store's cap each one is counted as dropped. Allocation-free.
     */
    void countDownInStore() {
        if (samplingCountdowns != null) {
            samplingCountdowns.set(null);
            samplingCountdowns = null;
        }
    }

    /**
     * A thread inside the store was handed an allocation: when the hook counts this thread down,
     * it reached a sample point inside the store's own bytes, which is dropped
     * ({@link ByteSampler#redraw}).
     */
    void dropSamplePoint() {
        if (samplingCountdowns != null) {
            sampler.redraw();
        }
    }

    StackCapture capture() {
        StackCapture c = capture;
        if (c == null) {
            c = capture = new StackCapture();
        }
        return c;
    }

    /** A stretch of store code on one thread, closed in a {@code finally} (try-with-resources). */
    static final class Section implements AutoCloseable {
        static final Section NESTED = new Section(null);
        private final ThreadState state;

        private Section(ThreadState state) {
            this.state = state;
        }

        /** Whether this section marked the thread (false: it was already inside the store). */
        boolean entered() {
            return state != null;
        }

        @Override
        public void close() {
            if (state != null) {
                state.busy = false;
            }
        }
    }
}
