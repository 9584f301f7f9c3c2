/**
 * Internal: the one class the agent defines in the bootstrap class loader, so that instrumented
 * JDK classes can reach the trace store. Not an API.
 */
package org.jtracemalloc.bootstrap;
