package org.jtracemalloc.agent;

import java.lang.instrument.Instrumentation;
import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;

import org.jtracemalloc.store.AgentBinding;
import org.jtracemalloc.store.SizeVerifier;
import org.jtracemalloc.store.AgentLink;
import org.jtracemalloc.store.VmBacktraces;

/**
 * The trace store's view of the agent: JVM object sizes and the boot hook's sink, with the
 * {@code verifySizes} diagnostic wrapped around the sink when it is on.
 */
final class InstrumentationBinding implements AgentBinding {
    private final Instrumentation instrumentation;
    /** What the boot hook counts down in sampling mode: the same sizes as {@link #sizeOf}. */
    private final ToLongFunction<Object> objectSizes;
    /** Null unless verifySizes is on: then every traced size is compared with getObjectSize. */
    private final SizeVerifier verifier;

    private InstrumentationBinding(Instrumentation instrumentation, SizeVerifier verifier) {
        this.instrumentation = instrumentation;
        this.objectSizes = instrumentation::getObjectSize;
        this.verifier = verifier;
    }

    /**
     * The binding for this JVM. With {@code verifySizes}, it also registers the check where the
     * status tools and the application can read it, and prints its result when the JVM exits.
     */
    static InstrumentationBinding create(Instrumentation instrumentation, boolean verifySizes) {
        if (!verifySizes) {
            return new InstrumentationBinding(instrumentation, null);
        }
        SizeVerifier verifier = new SizeVerifier(instrumentation::getObjectSize);
        AgentLink.verifySizes(verifier);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("jtracemalloc: " + verifier.report()),
                "jtracemalloc size check report"));
        return new InstrumentationBinding(instrumentation, verifier);
    }

    @Override
    public long sizeOf(Object object) {
        return instrumentation.getObjectSize(object);
    }

    /** The agent's own module's reader, with {@code java.lang} opened to that module alone. */
    @Override
    public VmBacktraces vmBacktraces() {
        return PrivilegedModule.of(instrumentation).openFrom(Object.class.getModule(), "java.lang").newInstance(VmBacktraces.class);
    }

    @Override
    public void warn(String message) {
        AgentLog.warn(message);
    }

    @Override
    public void ensureInstrumented() {
        Agent.ensureInstrumented();
    }

    /** Not with verifySizes: the check then sees every allocation, as in exact mode. */
    @Override
    public void connectSamplingCountdowns(ThreadLocal<long[]> countdowns) {
        if (verifier == null) {
            Agent.bootstrapHook().connectSamplingCountdowns(countdowns, objectSizes);
        }
    }

    @Override
    public void connectHeapSink(ObjIntConsumer<Object> sink) {
        // The store connects a sink after ensureInstrumented, which defined the hook.
        Agent.bootstrapHook().connectHeapSink(verifier == null || sink == null ? sink : verifier.around(sink));
    }
}
