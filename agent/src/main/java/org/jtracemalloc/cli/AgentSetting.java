package org.jtracemalloc.cli;

/**
 * One {@code key=value} argument of {@code start}, passed to the agent as is. Only its form is
 * checked here; the agent judges keys and values, so the rules live in one place.
 */
record AgentSetting(String key, String value) {

    /** The key the {@code start} command reads itself when the agent is already loaded. */
    static final String NFRAME = "nframe";

    /** Parses one command-line word; {@link IllegalArgumentException} says what is wrong with it. */
    static AgentSetting parse(String word) {
        int equals = word.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("'" + word + "' is not a KEY=VALUE setting (for example nframe=8)");
        }
        // the agent receives all settings as one comma-separated string
        if (word.indexOf(',') >= 0) {
            throw new IllegalArgumentException("'" + word + "' contains a comma; give each setting as its own argument");
        }
        String key = word.substring(0, equals);
        if (key.equals("start")) {
            throw new IllegalArgumentException("'" + word + "': the start command always starts tracing");
        }
        return new AgentSetting(key, word.substring(equals + 1));
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
