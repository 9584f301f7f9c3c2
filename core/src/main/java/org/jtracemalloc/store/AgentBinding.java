package org.jtracemalloc.store;

import java.util.function.ObjIntConsumer;

/**
 * What the agent gives the trace store when it loads: the JVM's own object sizes and the switch
 * that connects instrumented allocation sites to the store.
 *
 * <p>Core cannot see the agent (the agent depends on core, never the reverse), so the agent
 * implements this and hands it to {@link AgentLink#bind(AgentBinding)}.
 */
public interface AgentBinding {

    /** The shallow size of {@code object} as the JVM lays it out ({@code Instrumentation.getObjectSize}). */
    long sizeOf(Object object);

    /**
     * Routes every instrumented heap allocation to {@code sink} ({@code accept(object, siteId)}),
     * or stops routing when {@code sink} is null. Site ids come from {@link AllocationSites}.
     */
    void connectHeapSink(ObjIntConsumer<Object> sink);

    /**
     * Sampling mode: lets the boot hook take each allocation's size off the calling
     * thread's countdown in {@code countdowns} ({@code long[1]}, bytes left before the thread's
     * next sample point, set by the store) and call the sink only for an allocation that reaches
     * zero, or a thread without one; null stops it. A binding that ignores this sends every
     * allocation to the sink, which samples them the same way, only more slowly.
     */
    default void connectSamplingCountdowns(ThreadLocal<long[]> countdowns) {}

    /**
     * Puts the rewriting of allocation sites in place if it is not yet, and returns once
     * instrumented code reaches {@link #connectHeapSink the sink}: an agent loaded with tracing
     * stopped rewrites no class until tracing first starts. Called at every start, before the
     * sink is connected, outside the store's lock (the rewriting loads classes and may take seconds).
     */
    default void ensureInstrumented() {}

    /**
     * The reader of the VM's backtraces for deep tracebacks ({@link ThrowableBacktrace}), from
     * the agent's own module, to which the agent opens {@code java.lang} for it; null when it
     * cannot. Asked once, when tracing first starts with more than one frame.
     */
    default VmBacktraces vmBacktraces() {
        return null;
    }

    /**
     * Tells the user something went wrong in the store that they can act on (the store at its cap).
     * Called from the sweeper thread, never from an allocating one.
     */
    default void warn(String message) {
        System.err.println("[jtracemalloc] warn: ".concat(message));
    }
}
