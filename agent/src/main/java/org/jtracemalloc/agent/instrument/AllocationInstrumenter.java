package org.jtracemalloc.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jtracemalloc.agent.AgentLog;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.AgentBuilder.RedefinitionStrategy;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the allocation-site rewriting on every class of the JVM, JDK classes included, and
 * retransforms the classes that are already loaded.
 *
 * <p>Byte Buddy is used as a visit-only retransformer: {@code DECORATE} with class format changes
 * disabled (retransformation may not add members), descriptions from the class file pool, and the
 * declared-methods graph (resolving generic hierarchies of JDK internals fails and is not needed).
 * Already-loaded classes are retransformed in batches; on attach the batches are small and paused
 * so that the running application keeps serving, and a failing batch is split until the class
 * that the JVM refuses is isolated (the rest of the batch is instrumented).
 */
public final class AllocationInstrumenter {
    private static final int ATTACH_BATCH_SIZE = 100;
    private static final long ATTACH_BATCH_PAUSE_MILLIS = 20;
    /**
     * Classes that a transformation can need while a class is being loaded; loading one of them
     * from inside the transformer of the class that triggers it is a ClassCircularityError
     * (ThreadLocalRandom via ConcurrentHashMap's contention path; MethodHandle$1 on JDK 17).
     */
    private static final List<String> PRELOADED_CLASSES = List.of(
            "java.util.concurrent.ThreadLocalRandom",
            "java.lang.invoke.MethodHandle$1");

    private AllocationInstrumenter() {}

    /**
     * Installs the transformer and retransforms every modifiable loaded class that the exclusions
     * allow: heap allocation sites (when {@code heap}) in the classes {@code heapClasses} accepts,
     * Unsafe's memory primitives when {@code nativeMemory}. {@code attached}: the JVM is already
     * running an application.
     */
    public static ResettableClassFileTransformer install(Instrumentation instrumentation, boolean heap,
                                                        ClassNameFilter heapClasses, boolean nativeMemory,
                                                        SiteTable sites, InstrumentationStats stats, boolean attached) {
        preload();
        AllocationSiteVisitorWrapper rewriting = new AllocationSiteVisitorWrapper(sites, stats, heap, heapClasses, nativeMemory);
        LoadTimeTransformedClasses discovery = new LoadTimeTransformedClasses();
        AgentBuilder.RedefinitionListenable.WithoutBatchStrategy builder = newAgentBuilder()
                .with(new TransformListener(stats, discovery))
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(RedefinitionStrategy.RETRANSFORMATION);
        AgentBuilder agentBuilder = builder
                .with(attached
                        ? RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(ATTACH_BATCH_SIZE)
                        : RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE)
                .with(discovery)
                .with(RedefinitionStrategy.Listener.BatchReallocator.splitting())
                .with(attached
                        ? RedefinitionStrategy.Listener.Pausing.of(ATTACH_BATCH_PAUSE_MILLIS, TimeUnit.MILLISECONDS)
                        : RedefinitionStrategy.Listener.NoOp.INSTANCE)
                .with(new RetransformationListener(stats))
                .ignore(InstrumentationExclusions.INSTANCE)
                .type((type, loader, module, classBeingRedefined, domain) -> rewriting.rewrites(type.getName()))
                .transform((typeBuilder, type, loader, module, domain) -> typeBuilder.visit(rewriting));
        try {
            return agentBuilder.installOn(instrumentation);
        } finally {
            discovery.stopRecording();
        }
    }

    private static void preload() {
        ThreadLocalRandom.current();
        for (String name : PRELOADED_CLASSES) {
            try {
                Class.forName(name, true, null);
            } catch (ClassNotFoundException | LinkageError absentOnThisJdk) {
                // Only some JDKs have the class; where it is missing there is nothing to preload.
            }
        }
    }

    /**
     * An agent builder whose Byte Buddy does not validate or resolve more than the rewriting needs.
     * The Nexus (Byte Buddy's initializer registry, unused with class format changes disabled) is
     * switched off while the builder is created: its set-up calls sun.misc.Unsafe, which JDK 24+
     * reports with a warning on stderr.
     */
    private static AgentBuilder newAgentBuilder() {
        String nexusProperty = "net.bytebuddy.nexus.disabled";
        String previous = System.setProperty(nexusProperty, "true");
        try {
            return new AgentBuilder.Default(new ByteBuddy()
                    .with(TypeValidation.DISABLED)
                    .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                    .with(VisibilityBridgeStrategy.Default.NEVER)
                    .with(InstrumentedType.Factory.Default.FROZEN));
        } finally {
            if (previous == null) {
                System.clearProperty(nexusProperty);
            } else {
                System.setProperty(nexusProperty, previous);
            }
        }
    }

    /**
     * Counts transformed classes and classes whose transformation failed, and notes the classes
     * rewritten while loading for the installation's discovery.
     */
    private static final class TransformListener extends AgentBuilder.Listener.Adapter {
        private final InstrumentationStats stats;
        private final LoadTimeTransformedClasses discovery;

        TransformListener(InstrumentationStats stats, LoadTimeTransformedClasses discovery) {
            this.stats = stats;
            this.discovery = discovery;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            stats.classInstrumented();
            if (!loaded) {
                discovery.transformedOnLoad(loader, type.getName());
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            stats.classFailed();
            if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                AgentLog.debug("cannot instrument " + typeName + ", it stays unmodified: " + error);
            }
        }
    }

    /** Counts classes whose retransformation the JVM rejected, and logs the progress on attach. */
    private static final class RetransformationListener extends RedefinitionStrategy.Listener.Adapter {
        private final InstrumentationStats stats;

        RetransformationListener(InstrumentationStats stats) {
            this.stats = stats;
        }

        @Override
        public void onComplete(int batches, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {
            for (Map.Entry<List<Class<?>>, Throwable> failure : failures.entrySet()) {
                for (Class<?> type : failure.getKey()) {
                    stats.classFailed();
                    if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                        AgentLog.debug("cannot retransform " + type.getName() + ", it stays unmodified: " + failure.getValue());
                    }
                }
            }
            AgentLog.info("retransformed " + types.size() + " loaded classes in " + batches + " batches; " + stats);
        }
    }
}
