package org.jtracemalloc.report;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Tracemalloc;

/**
 * How the stack-shaped renderings (folded stacks, pprof, the flame graph) name a frame: as a Java
 * stack trace does, {@code java.util.HashMap.put (HashMap.java:123)}, with the file name only
 * (the package is already in the class name); {@code java/util/HashMap.java:123} when the frame
 * does not know its class and method.
 */
final class FrameNames {
    private FrameNames() {}

    /** The function: {@code java.util.HashMap.put}, or the frame's file when the method is unknown. */
    static String function(Frame frame) {
        if (frame.className() == null || frame.methodName() == null) {
            return frame.filename();
        }
        return frame.className() + "." + frame.methodName();
    }

    /** The whole frame: {@code java.util.HashMap.put (HashMap.java:123)} or {@code java/util/HashMap.java:123}. */
    static String frame(Frame frame) {
        if (frame.className() == null || frame.methodName() == null) {
            return frame.filename() + ":" + frame.lineno();
        }
        String file = frame.filename().substring(frame.filename().lastIndexOf('/') + 1);
        return function(frame) + " (" + file + ":" + frame.lineno() + ")";
    }

    /**
     * The root frame put under the stacks of traces outside the Java heap, so that off-heap bytes
     * never merge with heap bytes of the same call path; null for {@link Tracemalloc#HEAP_DOMAIN}.
     */
    static String domainRoot(int domain) {
        if (domain == Tracemalloc.HEAP_DOMAIN) {
            return null;
        }
        return domain == Tracemalloc.NATIVE_DOMAIN ? "[native memory]" : "[domain " + domain + "]";
    }
}
