package org.jtracemalloc.agent;

import java.lang.instrument.Instrumentation;

/**
 * The JVM's entry points into the agent ({@code Premain-Class}, {@code Agent-Class}).
 *
 * <p>Failure policy. A bad configuration is the user's to fix: with {@code -javaagent} the agent
 * prints one line on stderr and the JVM exits with status 1 before {@code main}. On attach the
 * exception leaves {@code agentmain}, which the JVM reports to the attaching tool
 * ({@code AgentInitializationException}) while the target keeps running untouched. Any other
 * failure during installation is logged and, at start-up, the application runs without tracing
 * rather than not at all.
 */
public final class AgentMain {
    static final int EXIT_BAD_CONFIGURATION = 1;

    private AgentMain() {}

    /** {@code -javaagent:jtracemalloc-agent.jar[=key=value,...]}: runs before {@code main}. */
    public static void premain(String agentArgs, Instrumentation instrumentation) {
        startUp(agentArgs, instrumentation);
    }

    /** Dynamic attach ({@code VirtualMachine.loadAgent}) into a running JVM. */
    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        AgentConfig config = AgentConfig.parse(agentArgs, System.getProperties());
        Agent.install(config, instrumentation, true);
    }

    /** The start-up path shared by {@code -javaagent} and {@code Launcher-Agent-Class}. */
    static void startUp(String agentArgs, Instrumentation instrumentation) {
        AgentConfig config;
        try {
            config = AgentConfig.parse(agentArgs, System.getProperties());
        } catch (AgentConfigException e) {
            // Throwing would make the JVM abort with a fatal-error report (native frames, exit
            // code 134); the user needs only the one line and a plain non-zero exit.
            System.err.println(e.getMessage());
            System.exit(EXIT_BAD_CONFIGURATION);
            return;
        }
        try {
            Agent.install(config, instrumentation, false);
        } catch (RuntimeException | LinkageError e) {
            AgentLog.error("the agent could not be installed, the application runs without tracing: " + e);
        }
    }
}
