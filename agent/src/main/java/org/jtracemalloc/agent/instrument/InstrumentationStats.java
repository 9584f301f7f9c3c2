package org.jtracemalloc.agent.instrument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the instrumentation did so far, for the agent's log, {@code status} and JMX: classes
 * rewritten, classes that could not be rewritten (they keep running unmodified) and classes left
 * as they are because the JVM cannot link them, the first of those named with the reason, and
 * the {@code NEW} sites left untraced because their bytecode does not have javac's
 * {@code NEW; DUP} shape; and whether the rewriting was installed. One for the JVM
 * ({@link #ofThisJvm()}), which the agent fills and its MBean reads.
 */
public final class InstrumentationStats {
    /** The most classes named in {@link #classProblems()}. */
    public static final int MAX_CLASS_PROBLEMS = 100;
    private static final InstrumentationStats THIS_JVM = new InstrumentationStats();

    /** Set once, when the rewriting is installed; volatile: the status tools read it on their own threads. */
    private volatile boolean installed;

    private final LongAdder classesInstrumented = new LongAdder();
    private final LongAdder classesFailed = new LongAdder();
    private final LongAdder classesNotLinkable = new LongAdder();
    private final LongAdder sitesSkipped = new LongAdder();
    /** The classes not rewritten, and why: the first {@link #MAX_CLASS_PROBLEMS}; guarded by itself. */
    private final Map<String, String> classProblems = new LinkedHashMap<>();

    /** The instrumentation of this JVM. */
    public static InstrumentationStats ofThisJvm() {
        return THIS_JVM;
    }

    /** The rewriting is installed (or being installed: it is tried once). */
    public void markInstalled() {
        installed = true;
    }

    /** Whether the classes have been rewritten, which happens when tracing first starts. */
    public boolean isInstalled() {
        return installed;
    }

    void classesInstrumented(int classes) {
        classesInstrumented.add(classes);
    }

    void classesFailed(int classes) {
        classesFailed.add(classes);
    }

    /**
     * A class left as it is because the JVM cannot link it (verifying it needs a class that is
     * missing): its code can never run, so there is nothing in it to trace.
     */
    void classNotLinkable(String className) {
        classesNotLinkable.increment();
        noteClassProblem(className, "cannot be linked (a class it needs is missing): its code can never run");
    }

    /** Why {@code className} was not rewritten, for {@link #classProblems()}; the first reason given stays. */
    void noteClassProblem(String className, String reason) {
        synchronized (classProblems) {
            if (classProblems.size() < MAX_CLASS_PROBLEMS) {
                classProblems.putIfAbsent(className, reason);
            }
        }
    }

    void siteSkipped() {
        sitesSkipped.increment();
    }

    public long classesInstrumented() {
        return classesInstrumented.sum();
    }

    /** Classes the agent could not rewrite: their allocations go untraced. */
    public long classesFailed() {
        return classesFailed.sum();
    }

    public long classesNotLinkable() {
        return classesNotLinkable.sum();
    }

    /** The classes counted in {@link #classesFailed()} and {@link #classesNotLinkable()}, the first 100, each as "name: why". */
    public List<String> classProblems() {
        synchronized (classProblems) {
            List<String> problems = new ArrayList<>(classProblems.size());
            classProblems.forEach((name, why) -> problems.add(name + ": " + why));
            return problems;
        }
    }

    /** {@code NEW} instructions without the {@code DUP} the hook needs; their objects are not traced. */
    public long sitesSkipped() {
        return sitesSkipped.sum();
    }

    @Override
    public String toString() {
        return classesInstrumented() + " classes instrumented, " + classesFailed() + " failed, "
                + sitesSkipped() + " allocation sites skipped";
    }
}
