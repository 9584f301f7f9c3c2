package org.jtracemalloc.agent;

/**
 * HotSpot's diagnostic commands (what {@code jcmd} sends), run in this process. Implemented in
 * the agent's own module ({@link PrivilegedModule}), the only module that the JDK's implementation
 * package is opened to; public only so that the module can implement it.
 */
public interface DiagnosticCommands {

    /** The VM's answer to {@code command}, or null when this VM runs no diagnostic commands. */
    String execute(String command) throws ReflectiveOperationException;
}
