package org.jtracemalloc.store;

/**
 * The table of allocation sites. The agent registers each rewritten allocation instruction once,
 * at instrumentation time, and instrumented code passes the returned id, so a depth-1 traceback
 * needs no stack walk.
 */
public final class AllocationSites {
    private AllocationSites() {}

    /**
     * Registers a site and returns its id (dense, from 0). {@code sourceFile} is the class file's
     * SourceFile attribute or null; {@code line} is 0 when unknown. Thread-safe.
     */
    public static int register(String className, String methodName, String sourceFile, int line) {
        throw new UnsupportedOperationException("TODO(store)");
    }
}
