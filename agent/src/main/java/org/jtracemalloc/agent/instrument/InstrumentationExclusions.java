package org.jtracemalloc.agent.instrument;

import java.util.List;

/**
 * The classes the agent never rewrites, whatever the user's include/exclude globs say. JDK
 * classes are instrumented (most allocations of a Java program happen inside them), and each
 * exclusion below has a reason.
 *
 * <p>Deliberately not excluded: {@code java.lang.invoke}, {@code java.lang.ref} and
 * {@code jdk.internal.*}. Measured on JDK 17 and 25: all their loaded classes transform without
 * failure, and start-up, javac compiling a source tree, 200 short-lived threads, GC release and
 * self-attach all work with them instrumented; excluding them would only hide their allocations.
 */
final class InstrumentationExclusions {
    /**
     * jtracemalloc's own classes: the public API ({@code org.jtracemalloc.Xyz}) and these
     * packages. The hook path and the transformer must not feed back into themselves. Other
     * {@code org.jtracemalloc.*} packages (tests, examples) are applications like any other.
     */
    private static final String OWN_PACKAGE = "org.jtracemalloc.";
    private static final List<String> OWN_SUBPACKAGES = List.of(
            "agent.", "bootstrap.", "privileged.", "store.", "format.", "shaded.", "cli.", "jmx.");

    private static final List<String> EXCLUDED_PREFIXES = List.of(
            // The store's per-thread re-entrancy guard is a ThreadLocal. Instrumented, the first
            // get() on a new thread allocates the thread's ThreadLocalMap, which calls the hook,
            // which calls get() again before the map is installed: every new thread dies with
            // StackOverflowError.
            "java.lang.ThreadLocal",
            // Reflection accessors generated at run time (JDK 17): their constructor accessors'
            // objects are reported at the Constructor.newInstance call (CallSiteAllocationRewriter).
            "jdk.internal.reflect.Generated",
            "sun.reflect.Generated");

    private InstrumentationExclusions() {}

    /** Whether the class of this binary name is never rewritten. */
    static boolean excludes(String name) {
        return isOwnClass(name) || startsWithAny(name, EXCLUDED_PREFIXES);
    }

    private static boolean isOwnClass(String name) {
        if (!name.startsWith(OWN_PACKAGE)) {
            return false;
        }
        String rest = name.substring(OWN_PACKAGE.length());
        return rest.indexOf('.') < 0 || startsWithAny(rest, OWN_SUBPACKAGES);
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
