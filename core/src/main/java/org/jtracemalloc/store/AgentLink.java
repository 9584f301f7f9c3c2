package org.jtracemalloc.store;

/**
 * The agent bound to this JVM's trace store: its binding (the boot hook's sink, object sizes, the
 * VM's backtraces), and the check of traced sizes it runs when asked to.
 */
public final class AgentLink {
    private static volatile AgentBinding binding;
    private static volatile SizeVerifier sizeVerifier;

    private AgentLink() {}

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

    /**
     * Whether tracebacks deeper than one frame are read from the VM's {@code Throwable} backtrace
     * (false: walked with {@link StackWalker}, several times slower; see {@link StackCapture}).
     */
    public static boolean readsBacktraces() {
        return ThrowableBacktrace.enabled();
    }
}
