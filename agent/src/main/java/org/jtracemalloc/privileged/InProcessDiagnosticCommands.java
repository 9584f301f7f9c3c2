package org.jtracemalloc.privileged;

import java.lang.reflect.Method;

import org.jtracemalloc.agent.DiagnosticCommands;

/**
 * Runs a diagnostic command through the JDK's implementation of the {@code DiagnosticCommand}
 * MBean, called directly: the platform MBean server, the public way to the same bean, would
 * start all of JMX before the start-up rewriting (docs/architecture.md, "What the agent opens,
 * and to whom").
 *
 * <p>Runs in the agent's own module, to which alone the agent opens
 * {@code jdk.management/com.sun.management.internal}. Whatever it runs, the application can run
 * too through that public MBean.
 */
public final class InProcessDiagnosticCommands implements DiagnosticCommands {
    private static final String IMPLEMENTATION_PACKAGE = "com.sun.management.internal";

    @Override
    public String execute(String command) throws ReflectiveOperationException {
        // Its initialisation loads the native library behind the diagnostic commands.
        Class.forName(IMPLEMENTATION_PACKAGE + ".PlatformMBeanProviderImpl");
        Class<?> implementation = Class.forName(IMPLEMENTATION_PACKAGE + ".DiagnosticCommandImpl");
        Method instance = implementation.getDeclaredMethod("getDiagnosticCommandMBean");
        instance.setAccessible(true);
        Object commands = instance.invoke(null);
        if (commands == null) {
            return null;
        }
        Method execute = implementation.getDeclaredMethod("executeDiagnosticCommand", String.class);
        execute.setAccessible(true);
        return String.valueOf(execute.invoke(commands, command));
    }
}
