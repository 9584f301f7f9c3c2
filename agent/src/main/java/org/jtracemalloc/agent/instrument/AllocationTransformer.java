package org.jtracemalloc.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.jar.asm.ClassReader;
import org.jtracemalloc.agent.AgentLog;
import org.jtracemalloc.store.UntracedWork;

/**
 * The agent's class file transformer: every class that the exclusions and the user's filter allow
 * goes through {@link ClassRewriter}, as it loads and when it is retransformed.
 *
 * <p>It never throws into the JVM: a class whose rewriting fails keeps its original bytes and is
 * counted. A class loaded by a transformation itself (on the same thread) loads unmodified:
 * rewriting it there could need the very class being transformed, a ClassCircularityError for the
 * application. Those loaded during the installation are retransformed with the classes loaded
 * before it; one first needed by a transformation later on stays unmodified.
 */
final class AllocationTransformer implements ClassFileTransformer {
    /** Outcomes of one class's transformation, as indexes of {@link #retransformedPending}. */
    private static final int REWRITTEN = 0;
    private static final int FAILED = 1;
    /** In the name of every class {@code InnerClassLambdaMetafactory} spins, JDK 17 to 25. */
    private static final String LAMBDA_PROXY_MARKER = "$$Lambda";
    /** Stands for "nothing to rewrite" (null) in {@link #batchRewrites}. */
    private static final byte[] UNCHANGED = new byte[0];

    private final ClassRewriter rewriter;
    private final InstrumentationStats stats;
    private final LoadTimeTransformedClasses loadTimeTransformed;
    /** Threads inside {@link #transform}. */
    private final Set<Thread> transforming = ConcurrentHashMap.newKeySet();
    /**
     * Classes the calling thread's {@code retransformClasses} call has rewritten so far
     * ({@code [REWRITTEN]}) and failed to rewrite ({@code [FAILED]}). The JVM may still refuse
     * the whole call, which is then retried in halves, so they are counted once the outcome is
     * known ({@link #settleRetransformed}), and each class once.
     */
    private final ThreadLocal<int[]> retransformedPending = ThreadLocal.withInitial(() -> new int[2]);
    /**
     * What each class of the calling thread's batch ({@link #beginBatch}) was rewritten to, or
     * null outside a batch. A batch the JVM refuses is retried in halves, and the JVM hands over
     * the same class files again, since a refused call changes nothing: the rewriting is done once
     * per class, not once per retry.
     */
    private final ThreadLocal<Map<Class<?>, byte[]>> batchRewrites = new ThreadLocal<>();

    AllocationTransformer(ClassRewriter rewriter, InstrumentationStats stats, LoadTimeTransformedClasses loadTimeTransformed) {
        this.rewriter = rewriter;
        this.stats = stats;
        this.loadTimeTransformed = loadTimeTransformed;
    }

    /** Whether a class (binary name) is one this transformer rewrites. */
    boolean transforms(String className) {
        return !InstrumentationExclusions.excludes(className) && rewriter.rewrites(className);
    }

    /**
     * After a {@code retransformClasses} call of this thread: counts the classes it rewrote, and
     * those it failed to rewrite, when the JVM {@code accepted} the call; forgets them when the
     * JVM refused it (the caller retries the classes). A retransformation that another agent asks
     * for only repeats the rewriting of classes already counted, and is never counted.
     */
    void settleRetransformed(boolean accepted) {
        int[] pending = retransformedPending.get();
        if (accepted) {
            stats.classesInstrumented(pending[REWRITTEN]);
            stats.classesFailed(pending[FAILED]);
        }
        pending[REWRITTEN] = 0;
        pending[FAILED] = 0;
    }

    /** From now until {@link #endBatch}, this thread's retransformations rewrite each class once. */
    void beginBatch() {
        batchRewrites.set(new IdentityHashMap<>());
    }

    void endBatch() {
        batchRewrites.remove();
    }

    /** Counts a class at once when it loads; in a retransformation, when the call is settled. */
    private void count(Class<?> classBeingRedefined, int outcome) {
        if (classBeingRedefined != null) {
            retransformedPending.get()[outcome]++;
        } else if (outcome == REWRITTEN) {
            stats.classesInstrumented(1);
        } else {
            stats.classesFailed(1);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (internalName == null) {
            return null; // a class defined without a name has no sites to register under
        }
        // What the rewriting allocates (in JDK code, instrumented too) is the agent's, not the
        // application's whose thread happens to load the class.
        boolean untraced = UntracedWork.begin();
        Thread thread = Thread.currentThread();
        if (!transforming.add(thread)) {
            UntracedWork.end(untraced);
            return null;
        }
        String className = internalName.replace('/', '.');
        try {
            if (!transforms(className)) {
                return null;
            }
            byte[] rewritten = classBeingRedefined == null ? rewriter.rewrite(className, loader, classFile)
                    : rewriteRetransformed(className, loader, classBeingRedefined, classFile);
            count(classBeingRedefined, REWRITTEN);
            if (classBeingRedefined == null) {
                loadTimeTransformed.transformedOnLoad(loader, className);
            }
            return rewritten;
        } catch (Throwable e) {
            count(classBeingRedefined, FAILED);
            stats.noteClassProblem(className, "cannot be rewritten: " + e);
            if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                AgentLog.debug("cannot instrument " + className + ", it stays unmodified: " + e);
            }
            return null;
        } finally {
            transforming.remove(thread);
            UntracedWork.end(untraced);
        }
    }

    private byte[] rewriteRetransformed(String className, ClassLoader loader, Class<?> type, byte[] classFile) {
        Map<Class<?>, byte[]> batch = batchRewrites.get();
        byte[] earlier = batch == null ? null : batch.get(type);
        if (earlier != null) {
            return earlier == UNCHANGED ? null : earlier;
        }
        byte[] rewritten = rewriter.rewriteRetransformed(className, loader, classFile,
                ParameterNames.lostOnRetransformation(loader, className));
        if (batch != null) {
            batch.put(type, rewritten == null ? UNCHANGED : rewritten);
        }
        return rewritten;
    }

    /**
     * The class file of a hidden class about to be defined, which the JVM never hands to
     * {@link #transform}: a lambda proxy of a class this transformer rewrites comes back rewritten
     * (a constructor reference {@code X::new} runs its {@code new X} in the proxy), with its sites
     * at the line of the code it implements ({@link LambdaProxyCallSite}); any other comes back as
     * it is. Never throws: the JDK is defining a class.
     */
    byte[] transformHidden(byte[] classFile) {
        boolean untraced = UntracedWork.begin();
        Thread thread = Thread.currentThread();
        if (!transforming.add(thread)) {
            UntracedWork.end(untraced);
            return classFile;
        }
        String className = null;
        try {
            className = new ClassReader(classFile).getClassName().replace('/', '.');
            if (!className.contains(LAMBDA_PROXY_MARKER) || !transforms(className)) {
                return classFile;
            }
            byte[] rewritten = rewriter.rewriteHidden(className, classFile, LambdaProxyCallSite.find());
            return rewritten == null ? classFile : rewritten;
        } catch (Throwable e) {
            if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                AgentLog.debug("cannot instrument hidden class " + className + ", it stays unmodified: " + e);
            }
            return classFile;
        } finally {
            transforming.remove(thread);
            UntracedWork.end(untraced);
        }
    }
}
