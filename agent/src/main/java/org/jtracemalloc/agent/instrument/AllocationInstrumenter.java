package org.jtracemalloc.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Installs the allocation-site rewriting on every class of the JVM, JDK classes included, and
 * retransforms the classes that are already loaded.
 *
 * <p>A plain {@code ClassFileTransformer} running one ASM pass per class ({@link ClassRewriter}),
 * not Byte Buddy's {@code AgentBuilder}: the rewriting only visits instructions, so Byte Buddy's
 * per-class type description and method graph were pure overhead (about 40 % of the rewriting
 * time), and its agent machinery some 900 more classes to load before {@code main}
 * (docs/performance-log.md, "Start-up").
 */
public final class AllocationInstrumenter {
    /**
     * Classes per {@code retransformClasses} call once the application runs. Each call also costs
     * the JVM a fixed part that grows with the classes loaded (a safepoint, a walk over every loaded
     * class): 25-30 ms with 6,000 loaded, so batches of 100 spent over a second of an attach to a
     * Spring Boot service on it. Not larger: a batch the JVM refuses (a class it cannot link) is
     * retried in halves, and the JVM's work on the classes before the refused one is lost each time.
     */
    private static final int ATTACH_BATCH_SIZE = 250;
    /**
     * Classes that a transformation can need while a class is being loaded; loading one of them
     * from inside the transformer of the class that triggers it is a ClassCircularityError, which
     * the JVM then keeps for every later use of that reference
     * (ThreadLocalRandom via ConcurrentHashMap's contention path; MethodHandle$1 on JDK 17;
     * Long$LongCache through ASM's ClassReader, which boxes a class's long constants with
     * Long.valueOf, when class data sharing did not preload it: without compressed oops, -Xshare:off).
     */
    private static final List<String> PRELOADED_CLASSES = List.of(
            "java.util.concurrent.ThreadLocalRandom",
            "java.lang.invoke.MethodHandle$1",
            "java.lang.Long$LongCache");

    private AllocationInstrumenter() {}

    /**
     * Installs the transformer and retransforms every modifiable loaded class that the exclusions
     * allow, rewriting what {@code scope} covers. {@code applicationRunning}: the
     * application's {@code main} runs already (attach, or a first start after {@code premain}).
     * {@code hiddenClassSink} receives the rewriting of hidden classes (lambda proxies), for the
     * boot hook; it is connected before any loaded class is retransformed, so that the proxies an
     * application spins during an attach are rewritten too.
     */
    public static void install(Instrumentation instrumentation, RewriteScope scope, SiteTable sites, InstrumentationStats stats,
                               boolean applicationRunning, Consumer<UnaryOperator<byte[]>> hiddenClassSink) {
        preload();
        LoadTimeTransformedClasses loadTimeTransformed = new LoadTimeTransformedClasses();
        AllocationTransformer transformer = new AllocationTransformer(
                new ClassRewriter(sites, stats, scope), stats, loadTimeTransformed);
        instrumentation.addTransformer(transformer, true);
        if (scope.heap()) {
            hiddenClassSink.accept(transformer::transformHidden);
        }
        try {
            // Before main nothing else runs yet: every processor rewrites. Once it runs, the application
            // keeps the other processors: one thread, in batches, each swapped in at a safepoint of its own.
            new LoadedClassRetransformation(instrumentation, transformer, loadTimeTransformed, stats,
                    applicationRunning ? 1 : Runtime.getRuntime().availableProcessors(),
                    applicationRunning ? ATTACH_BATCH_SIZE : Integer.MAX_VALUE).run();
        } finally {
            loadTimeTransformed.stopRecording();
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
}
