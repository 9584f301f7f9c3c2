package org.jtracemalloc.bench.floor;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that does nothing: what the JVM charges any {@code -javaagent} (the
 * {@code java.instrument} module, the agent jar opened, its class loaded), the floor under the
 * agent's {@code start=false} configuration. Packaged alone as {@code bench/target/floor-empty.jar}.
 */
public final class EmptyAgent {
    private EmptyAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        // nothing: the cost measured is the JVM's
    }
}
