package org.jtracemalloc.agent.instrument;

/**
 * Hands out allocation-site ids at instrumentation time. In the agent this is the trace store's
 * {@code AllocationSites.register}; tests substitute a table of their own.
 */
@FunctionalInterface
public interface SiteTable {
    int register(String className, String methodName, String sourceFile, int line);
}
