package org.jtracemalloc.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jtracemalloc.agent.AgentLog;
import org.jtracemalloc.store.TraceEngine;

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
    private final ClassRewriter rewriter;
    private final InstrumentationStats stats;
    private final LoadTimeTransformedClasses loadTimeTransformed;
    /** Threads inside {@link #transform}. */
    private final Set<Thread> transforming = ConcurrentHashMap.newKeySet();

    AllocationTransformer(ClassRewriter rewriter, InstrumentationStats stats, LoadTimeTransformedClasses loadTimeTransformed) {
        this.rewriter = rewriter;
        this.stats = stats;
        this.loadTimeTransformed = loadTimeTransformed;
    }

    /** Whether a class (binary name) is one this transformer rewrites. */
    boolean transforms(String className) {
        return !InstrumentationExclusions.excludes(className) && rewriter.rewrites(className);
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (internalName == null) {
            return null; // a class defined without a name has no sites to register under
        }
        // What the rewriting allocates (in JDK code, instrumented too) is the agent's, not the
        // application's whose thread happens to load the class.
        boolean untraced = TraceEngine.beginUntraced();
        Thread thread = Thread.currentThread();
        if (!transforming.add(thread)) {
            TraceEngine.endUntraced(untraced);
            return null;
        }
        String className = internalName.replace('/', '.');
        try {
            if (!transforms(className)) {
                return null;
            }
            byte[] rewritten = rewriter.rewrite(className, loader, classFile);
            stats.classInstrumented();
            if (classBeingRedefined == null) {
                loadTimeTransformed.transformedOnLoad(loader, className);
            }
            return rewritten;
        } catch (Throwable e) {
            stats.classFailed();
            if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                AgentLog.debug("cannot instrument " + className + ", it stays unmodified: " + e);
            }
            return null;
        } finally {
            transforming.remove(thread);
            TraceEngine.endUntraced(untraced);
        }
    }
}
