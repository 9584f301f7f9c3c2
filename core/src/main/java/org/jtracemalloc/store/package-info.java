/**
 * Internal: the trace store behind {@link org.jtracemalloc.Tracemalloc} (the recorder that
 * instrumented code calls, the per-thread logs, the sweeps, the interned tracebacks). Not an API:
 * it changes without notice; applications use {@code Tracemalloc}, the agent's keys and the
 * command line tool.
 */
package org.jtracemalloc.store;
