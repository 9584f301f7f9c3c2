package org.jtracemalloc.agent;

/**
 * The agent's logger: one line per message on stderr, prefixed {@code [jtracemalloc]}.
 *
 * <p>No logging framework: the agent runs before the application configures its own, must not
 * initialize JUL/Log4j/Logback behind its back, and its jar contains nothing but itself, core and
 * the relocated Byte Buddy. Never called from the allocation hook (printing allocates and locks).
 * Start-up messages are built only when {@link #isEnabled} says they will be printed: on first use
 * each string concatenation is bootstrapped through {@code invokedynamic}, which costs milliseconds
 * before {@code main}.
 */
public final class AgentLog {
    /** Verbosity levels, from silent to chatty; a message is printed when its level is at or below the threshold. */
    public enum Level { OFF, ERROR, WARN, INFO, DEBUG }

    private static volatile Level threshold = Level.WARN;

    private AgentLog() {}

    static void setThreshold(Level level) {
        threshold = level;
    }

    public static boolean isEnabled(Level level) {
        return level != Level.OFF && level.compareTo(threshold) <= 0;
    }

    public static void error(String message) {
        log(Level.ERROR, message);
    }

    public static void warn(String message) {
        log(Level.WARN, message);
    }

    public static void info(String message) {
        log(Level.INFO, message);
    }

    public static void debug(String message) {
        log(Level.DEBUG, message);
    }

    /**
     * Joined with {@code String.concat}, not {@code +}: an error may be reported while the JVM
     * cannot bootstrap an {@code invokedynamic} concatenation (a ClassCircularityError in
     * class loading), and the report must not fail in turn.
     */
    private static void log(Level level, String message) {
        if (isEnabled(level)) {
            System.err.println("[jtracemalloc] ".concat(level.name().toLowerCase(java.util.Locale.ROOT)).concat(": ")
                    .concat(message));
        }
    }
}
