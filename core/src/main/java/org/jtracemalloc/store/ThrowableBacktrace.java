package org.jtracemalloc.store;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

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
 * continuations come fourth), the next chunk always second to last. Reading it needs
 * {@code java.lang} open to the store's module, which the bound agent grants
 * ({@link AgentBinding#openJavaLangToStore()}) when tracing first starts with more than one frame.
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
     * JIT compiles the read to a field load (a VarHandle in a mutable field is called generically).
     */
    private static final class Field {
        static final VarHandle BACKTRACE = find(TraceEngine.binding());
        /** {@code Throwable}'s private native {@code fillInStackTrace(int)}; null when BACKTRACE is. */
        static final MethodHandle FILL = BACKTRACE == null ? null : findFill();
    }

    /**
     * A throwable that its constructor leaves without a stack trace ({@code writableStackTrace}
     * false), so that {@link #capture} fills it with the native method directly. The public
     * {@code fillInStackTrace()}, which every {@code new Throwable()} calls, takes the throwable's
     * monitor and is instrumented: by this agent, whose hook would hand each array of the
     * backtrace to the store only for the store to drop it, and possibly by other agents that
     * watch exceptions, which have no business seeing the store's captures.
     */
    private static final class Unfilled extends Throwable {
        private static final long serialVersionUID = 1L;

        Unfilled() {
            super(null, null, false, false);
        }
    }

    private ThrowableBacktrace() {}

    /** Makes backtraces readable if the VM and the agent allow it; once, later calls return at once. */
    static synchronized void enable() {
        if (tried) {
            return;
        }
        tried = true;
        try {
            VarHandle handle = Field.BACKTRACE;
            enabled = handle != null && Field.FILL != null && matchesStackTrace(handle, CHECK_DEPTH);
        } catch (LinkageError e) {
            // Field could not be initialised: tracing goes on with StackWalker.
        }
    }

    static boolean enabled() {
        return enabled;
    }

    /**
     * A throwable whose backtrace is the calling thread's stack from the caller of this method
     * (the VM skips the frames of the native fill and of the method handle); only once
     * {@link #enabled()}.
     */
    static Throwable capture() {
        Throwable throwable = new Unfilled();
        try {
            return (Throwable) Field.FILL.invokeExact(throwable, 0);
        } catch (Throwable unexpected) {
            // The native method declares nothing and fills any throwable; never seen.
            throw new IllegalStateException("Throwable.fillInStackTrace(int) failed", unexpected);
        }
    }

    /** The first chunk of {@code throwable}'s backtrace (null when it has none); only once {@link #enabled()}. */
    static Object[] firstChunk(Throwable throwable) {
        Object backtrace = Field.BACKTRACE.get(throwable); // exactly the handle's type: no adapter, no Class.cast
        return (Object[]) backtrace;
    }

    static Object[] next(Object[] chunk) {
        return (Object[]) chunk[chunk.length - 2];
    }

    private static VarHandle find(AgentBinding agent) {
        try {
            if (!Object.class.getModule().isOpen("java.lang", ThrowableBacktrace.class.getModule())
                    && (agent == null || !agent.openJavaLangToStore())) {
                return null;
            }
            return MethodHandles.privateLookupIn(Throwable.class, MethodHandles.lookup())
                    .findVarHandle(Throwable.class, "backtrace", Object.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle findFill() {
        try {
            return MethodHandles.privateLookupIn(Throwable.class, MethodHandles.lookup())
                    .findVirtual(Throwable.class, "fillInStackTrace", MethodType.methodType(Throwable.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the chunks read with {@code handle} name the classes of {@code getStackTrace()}, frame for frame. */
    private static boolean matchesStackTrace(VarHandle handle, int depth) {
        if (depth > 0) {
            return matchesStackTrace(handle, depth - 1);
        }
        try {
            Throwable probe = capture();
            StackTraceElement[] elements = probe.getStackTrace();
            int index = 0;
            for (Object[] chunk = (Object[]) handle.get(probe); chunk != null; chunk = next(chunk)) {
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
