package org.jtracemalloc.store;

/** The one trace store of this JVM, and the agent that feeds it. */
public final class TraceEngine {
    private static volatile AgentBinding binding;

    private TraceEngine() {}

    /** Called once by the agent when it loads. */
    public static void bind(AgentBinding agent) {
        binding = agent;
    }

    /** The agent's binding, or null when no agent is loaded. */
    public static AgentBinding binding() {
        return binding;
    }
}
