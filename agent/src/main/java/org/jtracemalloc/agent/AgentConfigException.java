package org.jtracemalloc.agent;

/**
 * A configuration value the agent cannot accept. The message is the whole story (key, value,
 * what is allowed), so the stack trace is not recorded: with {@code -javaagent} the JVM prints
 * this exception before it exits, and a one-line message must not drown in frames.
 */
public final class AgentConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentConfigException(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
