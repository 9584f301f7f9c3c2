package org.jtracemalloc.it.app;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Traceback;
import org.jtracemalloc.Tracemalloc;

/**
 * Started without {@code -javaagent}, with the agent jar on the class path: {@code Tracemalloc.start}
 * has to load the agent into this JVM by itself. Prints the traceback of an object it allocated.
 *
 * <p>The allocation happens in methods called after the agent is loaded: {@code main} was running
 * while its class was retransformed, so it keeps executing its original code (untraced), and the
 * JVM keeps no line numbers for such an obsolete method.
 */
public final class SelfAttaching {
    private SelfAttaching() {}

    public static void main(String[] args) {
        Tracemalloc.start(2);
        traceAnAllocation();
        System.out.println("limit " + Tracemalloc.getTracebackLimit());
    }

    private static void traceAnAllocation() {
        Object allocated = allocate(); // site: caller
        StringBuilder line = new StringBuilder("traceback");
        Traceback traceback = Tracemalloc.getObjectTraceback(allocated);
        for (Frame frame : traceback) {
            line.append(' ').append(frame.methodName()).append(':').append(frame.lineno());
        }
        System.out.println(line);
    }

    private static Object allocate() {
        return new long[16]; // site: allocate
    }
}
