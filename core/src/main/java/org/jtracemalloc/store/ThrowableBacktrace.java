package org.jtracemalloc.store;

import org.jtracemalloc.privileged.ThrowableBacktraceReader;

/**
 * The VM's own record of a fresh {@link Throwable}'s stack, read without building
 * {@link StackTraceElement}s: per frame, the declaring class, the method's id number in that class
 * and its bytecode index (merged with the class's redefinition version), which is what HotSpot's
 * {@code fillInStackTrace} stores. Filling it costs about 20 ns a frame; a {@link StackWalker}
 * frame costs about 150 ns and its line number as much again (docs/performance-log.md, "Deep
 * tracebacks").
 *
 * <p>The record is {@code Throwable.backtrace}, a private field whose layout is HotSpot's: a chain
 * of {@code Object[]} chunks of 32 frames, each {@code [short[] method ids, int[] bcis, Object[]
 * classes, ..., next chunk, hidden-frame flag]} (6 slots on JDK 17, 7 from JDK 19 on, where the
 * continuations come fourth), the next chunk always second to last. The capture and the read of
 * that field are {@link VmBacktraces}' ({@code ThrowableBacktraceReader}): the bound agent
 * supplies one from its own module, the only one it opens {@code java.lang} to
 * ({@link AgentBinding#vmBacktraces()}), when tracing first starts with more than one frame.
 * The layout is checked once against {@code getStackTrace()} on a stack deeper than one chunk;
 * if anything differs (another VM, {@code -XX:-StackTraceInThrowable}), it stays off and
 * {@link StackCapture} walks with {@link StackWalker}.
 */
final class ThrowableBacktrace {
    static final int METHOD_IDS = 0;
    static final int BCIS = 1;
    static final int CLASSES = 2;
    /** Deep enough that the check crosses from the first chunk to the next. */
    private static final int CHECK_DEPTH = 40;

    private static volatile boolean enabled;
    private static boolean tried; // guarded by the class

    /**
     * Resolved on first use, which {@link #enable} makes; a constant once resolved, so that the
     * JIT inlines the reader's methods into the capture (an interface in a mutable field is a
     * virtual call).
     */
    private static final class Reader {
        static final VmBacktraces VM = find(AgentLink.binding());
    }

    private ThrowableBacktrace() {}

    /** Makes backtraces readable if the VM and the agent allow it; once, later calls return at once. */
    static synchronized void enable() {
        if (tried) {
            return;
        }
        tried = true;
        try {
            VmBacktraces reader = Reader.VM;
            enabled = reader != null && matchesStackTrace(reader, CHECK_DEPTH);
        } catch (LinkageError e) {
            // Reader could not be initialised: tracing goes on with StackWalker.
        }
    }

    static boolean enabled() {
        return enabled;
    }

    /**
     * A throwable whose backtrace is the calling thread's stack from the caller of this method
     * on, after the reader's own frame; only once {@link #enabled()}.
     */
    static Throwable capture() {
        return Reader.VM.capture();
    }

    /** The first chunk of {@code captured}'s backtrace (null when it has none); only once {@link #enabled()}. */
    static Object[] firstChunk(Throwable captured) {
        return Reader.VM.firstChunk(captured);
    }

    static Object[] next(Object[] chunk) {
        return (Object[]) chunk[chunk.length - 2];
    }

    /**
     * The class path's own reader when {@code java.lang} is open to this module already (the
     * core tests, or a user's {@code --add-opens}), else the agent's; null when neither exists.
     */
    private static VmBacktraces find(AgentBinding agent) {
        try {
            if (Object.class.getModule().isOpen("java.lang", ThrowableBacktrace.class.getModule())) {
                return new ThrowableBacktraceReader();
            }
            return agent == null ? null : agent.vmBacktraces();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether the chunks {@code reader} reads name the classes of {@code getStackTrace()}, frame for frame. */
    private static boolean matchesStackTrace(VmBacktraces reader, int depth) {
        if (depth > 0) {
            return matchesStackTrace(reader, depth - 1);
        }
        try {
            Throwable probe = reader.capture();
            StackTraceElement[] elements = probe.getStackTrace();
            int index = 0;
            for (Object[] chunk = reader.firstChunk(probe); chunk != null; chunk = next(chunk)) {
                short[] methodIds = (short[]) chunk[METHOD_IDS];
                int[] bcis = (int[]) chunk[BCIS];
                Object[] classes = (Object[]) chunk[CLASSES];
                if (methodIds.length != classes.length || bcis.length != classes.length) {
                    return false;
                }
                for (Object type : classes) {
                    if (type == null) {
                        return index == elements.length;
                    }
                    if (index == elements.length || !((Class<?>) type).getName().equals(elements[index].getClassName())) {
                        return false;
                    }
                    index++;
                }
            }
            return index == elements.length && index > CHECK_DEPTH;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
