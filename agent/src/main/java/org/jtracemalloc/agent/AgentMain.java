package org.jtracemalloc.agent;

import java.lang.instrument.Instrumentation;

import org.jtracemalloc.jmx.TracemallocMBean;
import org.jtracemalloc.jmx.TracemallocControl;

/**
 * The JVM's entry points into the agent ({@code Premain-Class}, {@code Agent-Class}).
 *
 * <p>Failure policy. A bad configuration is the user's to fix: with {@code -javaagent} the agent
 * prints one line on stderr and the JVM exits with status 1 before {@code main}. On attach the
 * agent prints the same line, leaves it for the attaching tool in the system property
 * {@link TracemallocMBean#ATTACH_ERROR_PROPERTY}, and returns without installing anything, so
 * the target keeps running untouched; a failed installation is reported there too. Any other
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
        System.clearProperty(TracemallocMBean.ATTACH_ERROR_PROPERTY);
        if (Agent.isInstalled()) {
            // installed at start-up, which may have left the MBean to the first attach: the tool needs it
            TracemallocControl.register();
            return;
        }
        AgentConfig config;
        try {
            config = AgentConfig.parse(agentArgs, System.getProperties());
        } catch (AgentConfigException e) {
            // Throwing would reach the attaching tool only as "agent failed to initialize", after
            // the JVM printed the stack trace and its own assertion failures into the target's stderr.
            System.err.println(e.getMessage());
            System.setProperty(TracemallocMBean.ATTACH_ERROR_PROPERTY, e.getMessage());
            return;
        }
        try {
            Agent.install(config, instrumentation, true);
        } catch (RuntimeException | LinkageError e) {
            // as at start-up, the application runs on without tracing; the tool learns why
            String reason = reportInstallFailure("the agent could not be installed: ", e);
            System.setProperty(TracemallocMBean.ATTACH_ERROR_PROPERTY, reason);
        }
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
            reportInstallFailure("the agent could not be installed, the application runs without tracing: ", e);
        }
    }

    /**
     * Logs why the installation failed and returns the message. The failure may leave the JVM
     * unable to link what reporting usually needs (a ClassCircularityError, a broken
     * {@code invokedynamic} bootstrap): no {@code +} concatenation here, and if logging fails all
     * the same, the plain stack trace is printed; the exception must not escape {@code premain},
     * which would abort the JVM.
     */
    private static String reportInstallFailure(String what, Throwable failure) {
        try {
            String reason = what.concat(String.valueOf(failure));
            AgentLog.error(reason);
            return reason;
        } catch (Throwable reportingFailed) {
            System.err.println(what);
            failure.printStackTrace();
            return what;
        }
    }
}
