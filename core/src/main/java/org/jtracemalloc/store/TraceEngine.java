package org.jtracemalloc.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent that feeds this JVM's trace store, and the counters that tell how well it is doing
 * (for status output and JMX).
 */
public final class TraceEngine {
    private static volatile AgentBinding binding;
    private static volatile SizeVerifier sizeVerifier;
    private static final AtomicLong CLASSES_INSTRUMENTED = new AtomicLong();
    private static final AtomicLong CLASSES_FAILED = new AtomicLong();
    private static final AtomicLong CLASSES_NOT_LINKABLE = new AtomicLong();
    /** The most classes named in {@link #classProblems()}. */
    public static final int MAX_CLASS_PROBLEMS = 100;
    /** The classes not rewritten, and why: the first {@link #MAX_CLASS_PROBLEMS}; guarded by itself. */
    private static final Map<String, String> CLASS_PROBLEMS = new LinkedHashMap<>();
    private static final AtomicLong RECORD_ERRORS = new AtomicLong();

    private TraceEngine() {}

    /** Called once by the agent when it loads; null unbinds (tests). */
    public static void bind(AgentBinding agent) {
        binding = agent;
    }

    /** The agent's binding, or null when no agent is loaded. */
    public static AgentBinding binding() {
        return binding;
    }

    /** Called by the agent when it checks every traced size (its {@code verifySizes} key). */
    public static void verifySizes(SizeVerifier verifier) {
        sizeVerifier = verifier;
    }

    /** The check of traced sizes the agent runs, or null when it runs none. */
    public static SizeVerifier sizeVerifier() {
        return sizeVerifier;
    }

    /** The agent rewrote the allocation sites of {@code classes} more classes. */
    public static void countClassesInstrumented(int classes) {
        CLASSES_INSTRUMENTED.addAndGet(classes);
    }

    /** The agent could not rewrite {@code classes} more classes (their allocations go untraced). */
    public static void countClassesFailed(int classes) {
        CLASSES_FAILED.addAndGet(classes);
    }

    /**
     * A class the agent left as it is because the JVM cannot link it (verifying it needs a class
     * that is missing): its code can never run, so there is nothing in it to trace.
     */
    public static void classNotLinkable(String className) {
        CLASSES_NOT_LINKABLE.incrementAndGet();
        noteClassProblem(className, "cannot be linked (a class it needs is missing): its code can never run");
    }

    /** Why {@code className} was not rewritten, for {@link #classProblems()}; the first reason given stays. */
    public static void noteClassProblem(String className, String reason) {
        synchronized (CLASS_PROBLEMS) {
            if (CLASS_PROBLEMS.size() < MAX_CLASS_PROBLEMS) {
                CLASS_PROBLEMS.putIfAbsent(className, reason);
            }
        }
    }

    /** The classes counted in {@link #classesFailed()} and {@link #classesNotLinkable()}, the first 100, each as "name: why". */
    public static List<String> classProblems() {
        synchronized (CLASS_PROBLEMS) {
            return CLASS_PROBLEMS.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
        }
    }

    public static long classesNotLinkable() {
        return CLASSES_NOT_LINKABLE.get();
    }

    public static long classesInstrumented() {
        return CLASSES_INSTRUMENTED.get();
    }

    public static long classesFailed() {
        return CLASSES_FAILED.get();
    }

    /**
     * Allocations the store failed to record because something threw on the recording path
     * (the sink swallows it so that the application never sees it).
     */
    public static long recordErrors() {
        return RECORD_ERRORS.get();
    }

    /**
     * Whether tracebacks deeper than one frame are read from the VM's {@code Throwable} backtrace
     * (false: walked with {@link StackWalker}, several times slower; see {@link StackCapture}).
     */
    public static boolean readsBacktraces() {
        return ThrowableBacktrace.enabled();
    }

    /**
     * Stops tracing this thread's allocations until {@link #endUntraced}: for the agent's own work
     * (rewriting a class on the thread that loads it, registering the MBean), which runs JDK code
     * that is instrumented like the application's but whose objects are not the application's.
     * Returns whether this call marked the thread; pass that to {@code endUntraced}, so that a
     * nested use leaves the mark to the outer one.
     */
    public static boolean beginUntraced() {
        return ThreadState.current().enter().entered();
    }

    /** Ends what {@link #beginUntraced} began, if that call was the one that marked the thread. */
    public static void endUntraced(boolean began) {
        if (began) {
            ThreadState.current().busy = false;
        }
    }

    /**
     * Never traces the threads of {@code group}, from their first allocation to their end: for a
     * group that holds only the agent's own threads, including threads that JDK code creates on
     * the agent's behalf (the HTTP server's dispatcher and timer, created in the group of the
     * thread that starts the server), where the agent cannot call {@link #beginUntraced}. Called
     * before the group's first thread starts.
     */
    public static void untraceThreadGroup(ThreadGroup group) {
        ThreadState.untraceGroup(group);
    }

    static void countRecordError() {
        RECORD_ERRORS.incrementAndGet();
    }
}
