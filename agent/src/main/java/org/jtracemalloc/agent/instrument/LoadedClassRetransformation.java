package org.jtracemalloc.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jtracemalloc.agent.AgentLog;

/**
 * Retransforms the classes that were loaded before the transformer was installed, in passes: every
 * loaded class, then the classes loaded meanwhile, until a pass finds none. Classes the transformer
 * already rewrote as they loaded are skipped ({@link LoadTimeTransformedClasses}).
 *
 * <p>A pass is dealt out to {@code threads} threads, each of which retransforms its share in
 * batches, one {@link Instrumentation#retransformClasses} call each. The JVM runs the transformer
 * on the calling thread, so several threads rewrite in parallel; the JVM then swaps each batch in
 * at a safepoint. A batch the JVM refuses is split in
 * halves until the refusing class is isolated; the rest of the batch is retransformed, the refused
 * class stays unmodified and is counted as failed, unless it is one the JVM cannot link, which can
 * never run ({@link #isNotLinkable}).
 */
final class LoadedClassRetransformation {
    /** The fewest classes a thread is given in a pass ({@link #retransformShared}). */
    private static final int MIN_SHARE = 100;

    private final Instrumentation instrumentation;
    private final AllocationTransformer transformer;
    private final LoadTimeTransformedClasses loadTimeTransformed;
    private final InstrumentationStats stats;
    private final int threads;
    private final int batchSize;
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger retransformed = new AtomicInteger();

    /**
     * @param threads threads that share each pass (the calling thread is one of them)
     * @param batchSize classes per {@code retransformClasses} call; {@code Integer.MAX_VALUE} for a thread's whole share
     */
    LoadedClassRetransformation(Instrumentation instrumentation, AllocationTransformer transformer,
                                LoadTimeTransformedClasses loadTimeTransformed, InstrumentationStats stats,
                                int threads, int batchSize) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.loadTimeTransformed = loadTimeTransformed;
        this.stats = stats;
        this.threads = threads;
        this.batchSize = batchSize;
    }

    /** Runs the passes; returns when a pass finds no class loaded since the previous one. */
    void run() {
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int passes = 0;
        while (true) {
            List<Class<?>> pass = new ArrayList<>();
            boolean newlyLoaded = false;
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (seen.add(type)) {
                    newlyLoaded = true;
                    if (isCandidate(type)) {
                        pass.add(type);
                    }
                }
            }
            if (!newlyLoaded) {
                break;
            }
            passes++;
            retransformShared(pass);
        }
        if (AgentLog.isEnabled(AgentLog.Level.INFO)) {
            AgentLog.info("retransformed " + retransformed + " loaded classes in " + passes + " passes, " + batches
                    + " batches; " + stats);
        }
    }

    private boolean isCandidate(Class<?> type) {
        // not modifiable: arrays, primitives, hidden classes (lambda proxies, method handle forms)
        return instrumentation.isModifiableClass(type) && transformer.transforms(type.getName())
                && !loadTimeTransformed.contains(type);
    }

    /**
     * Deals the pass out round-robin (neighbours in load order tend to be alike in size) and waits
     * for every share; a pass of fewer than {@link #MIN_SHARE} classes per thread goes to fewer
     * threads, since each {@code retransformClasses} call also costs a fixed 7-14 ms (measured on
     * JDK 17 for a call of 6 classes: the safepoint and the JVM's walk over every loaded class).
     */
    private void retransformShared(List<Class<?>> pass) {
        int shares = Math.max(1, Math.min(threads, pass.size() / MIN_SHARE));
        List<Thread> helpers = new ArrayList<>();
        for (int share = 1; share < shares; share++) {
            List<Class<?>> classes = everyNth(pass, share, shares);
            Thread helper = new Thread(() -> retransformInBatches(classes), "jtracemalloc-retransform-" + share);
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        retransformInBatches(everyNth(pass, 0, shares));
        for (Thread helper : helpers) {
            joinUninterruptibly(helper);
        }
    }

    private static List<Class<?>> everyNth(List<Class<?>> classes, int first, int step) {
        List<Class<?>> share = new ArrayList<>();
        for (int i = first; i < classes.size(); i += step) {
            share.add(classes.get(i));
        }
        return share;
    }

    private void retransformInBatches(List<Class<?>> classes) {
        for (int from = 0; from < classes.size(); from += batchSize) {
            batches.incrementAndGet();
            transformer.beginBatch();
            try {
                retransform(classes.subList(from, (int) Math.min(classes.size(), (long) from + batchSize)));
            } finally {
                transformer.endBatch();
            }
        }
    }

    private void retransform(List<Class<?>> batch) {
        try {
            instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
            transformer.settleRetransformed(true);
            retransformed.addAndGet(batch.size());
        } catch (Exception | LinkageError | InternalError refused) {
            transformer.settleRetransformed(false);
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                retransform(batch.subList(0, half));
                retransform(batch.subList(half, batch.size()));
            } else if (isNotLinkable(refused)) {
                stats.classNotLinkable(batch.get(0).getName());
            } else {
                stats.classesFailed(1);
                stats.noteClassProblem(batch.get(0).getName(), "the JVM refused its retransformation: " + refused);
                if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                    AgentLog.debug("cannot retransform " + batch.get(0).getName() + ", it stays unmodified: " + refused);
                }
            }
        }
    }

    /**
     * The JVM links a class before it retransforms it (a class can be loaded and never linked:
     * {@code Class.forName(name, false, loader)}, a framework's scan of optional configurations).
     * When verification needs a class that is missing (an optional dependency that is absent), the
     * linking fails with {@code NoClassDefFoundError}, which JVMTI reports as
     * {@code JVMTI_ERROR_INVALID_CLASS} and {@code java.lang.instrument} as this InternalError,
     * whatever the new bytes. Such a class can never run, so nothing is lost by leaving it.
     */
    private static boolean isNotLinkable(Throwable refused) {
        return refused instanceof InternalError && "class redefinition failed: invalid class".equals(refused.getMessage());
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
