package org.jtracemalloc.privileged;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

import org.jtracemalloc.store.VmBacktraces;

/**
 * Fills a throwable with the calling thread's stack and reads its VM backtrace
 * ({@code Throwable.backtrace}, private), for the store's deep tracebacks.
 *
 * <p>The agent loads this class in its own named module, the only module it opens
 * {@code java.lang} to, and hands the store an instance. The handles stay here, in static final
 * fields (constants to the JIT), and never leave: the store can capture its own thread's stack and
 * read that capture, not reach into any other throwable. (The core tests, and a user who runs
 * with {@code --add-opens java.base/java.lang=ALL-UNNAMED}, use the class path's copy instead.)
 */
public final class ThrowableBacktraceReader implements VmBacktraces {
    private static final VarHandle BACKTRACE = findBacktrace();
    /** {@code Throwable}'s private native {@code fillInStackTrace(int)}. */
    private static final MethodHandle FILL = findFill();

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

    /** Throws when this module may not read {@code Throwable}'s private members. */
    public ThrowableBacktraceReader() {
        if (BACKTRACE == null || FILL == null) {
            throw new IllegalStateException("java.lang is not open to " + ThrowableBacktraceReader.class.getModule());
        }
    }

    /** The VM skips the frames of the native fill and of the method handle; this method's frame is the first. */
    @Override
    public Throwable capture() {
        Throwable throwable = new Unfilled();
        try {
            return (Throwable) FILL.invokeExact(throwable, 0);
        } catch (Throwable unexpected) {
            // The native method declares nothing and fills any throwable; never seen.
            throw new IllegalStateException("Throwable.fillInStackTrace(int) failed", unexpected);
        }
    }

    @Override
    public Object[] firstChunk(Throwable captured) {
        if (captured.getClass() != Unfilled.class) {
            throw new IllegalArgumentException("not a capture of " + ThrowableBacktraceReader.class.getName());
        }
        Object backtrace = BACKTRACE.get(captured); // exactly the handle's type: no adapter, no Class.cast
        return (Object[]) backtrace;
    }

    private static VarHandle findBacktrace() {
        try {
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
}
