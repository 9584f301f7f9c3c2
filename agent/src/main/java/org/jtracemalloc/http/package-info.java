/**
 * The scrape endpoint for fleet profilers (the agent's {@code http} key): Go's HTTP pprof paths,
 * served read-only by the JDK's own HTTP server on threads that are never traced.
 */
package org.jtracemalloc.http;
