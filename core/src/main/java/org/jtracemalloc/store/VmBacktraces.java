package org.jtracemalloc.store;

/**
 * The calling thread's stack as the VM records it in a fresh {@link Throwable}
 * ({@link ThrowableBacktrace} describes the record). Reading it needs deep reflection into
 * {@code java.lang}, which the agent grants to its own module only; this is what that module
 * hands the store: the capture of the caller's own stack, nothing more.
 */
public interface VmBacktraces {

    /** A throwable the VM filled with the calling thread's stack, from the caller of this method on. */
    Throwable capture();

    /**
     * The first chunk of the backtrace of {@code captured}, a throwable that {@link #capture()}
     * returned (any other is refused), or null when it has none.
     */
    Object[] firstChunk(Throwable captured);
}
