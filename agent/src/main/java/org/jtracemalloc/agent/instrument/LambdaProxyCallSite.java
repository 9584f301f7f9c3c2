package org.jtracemalloc.agent.instrument;

import java.lang.StackWalker.StackFrame;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jtracemalloc.store.AllocationSites;

/**
 * Where the allocations of a lambda proxy being defined are reported: the code the proxy was made
 * for. A proxy has no source file or line of its own, but it is spun while the JVM links the
 * {@code invokedynamic} of its lambda or method reference, on the thread that reached it, so the
 * first frame under the {@code java.lang.invoke} linkage is that instruction's method and line
 * (the line of {@code X::new}, as javac gives a lambda body the line of the lambda). The sites
 * are marked as in a hidden frame, which stack walks do not show.
 */
final class LambdaProxyCallSite implements Function<Stream<StackFrame>, StackFrame> {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private LambdaProxyCallSite() {}

    /**
     * The site table for the proxy being defined on this thread. The stack is walked at the first
     * site only, still inside the linkage: most proxies allocate nothing and need no walk. No
     * lambdas here: this runs while the JDK links one, and the agent's own would be spun inside it.
     */
    static SiteTable find() {
        return new CallSiteTable();
    }

    /** Registers every site of the proxy at its call site; with none found, under the proxy's own name, line 0. */
    private static final class CallSiteTable implements SiteTable {
        private boolean walked;
        private StackFrame callSite;

        @Override
        public int register(String proxyClass, String proxyMethod, String proxySourceFile, int proxyLine) {
            if (!walked) {
                walked = true;
                callSite = WALKER.walk(new LambdaProxyCallSite());
            }
            if (callSite == null) {
                return AllocationSites.registerInHiddenFrame(proxyClass, proxyMethod, proxySourceFile, proxyLine);
            }
            return AllocationSites.registerInHiddenFrame(callSite.getClassName(), callSite.getMethodName(),
                    callSite.getFileName(), Math.max(0, callSite.getLineNumber()));
        }
    }

    /** The first frame after the agent's, the definer's and the linkage's, innermost first. */
    @Override
    public StackFrame apply(Stream<StackFrame> frames) {
        Iterator<StackFrame> it = frames.iterator();
        boolean inLinkage = false;
        while (it.hasNext()) {
            StackFrame frame = it.next();
            boolean linkage = isLinkage(frame.getClassName());
            if (inLinkage && !linkage) {
                return frame;
            }
            inLinkage |= linkage;
        }
        return null;
    }

    private static boolean isLinkage(String className) {
        return className.startsWith("java.lang.invoke.") || className.startsWith("jdk.internal.")
                || className.startsWith("sun.invoke.");
    }
}
