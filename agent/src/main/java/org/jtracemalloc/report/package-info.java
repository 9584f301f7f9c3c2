/**
 * Renderings of snapshots for people and for other tools: the "top" and "diff" listings of the
 * tracemalloc documentation's recipes, folded stacks, the pprof protobuf and a self-contained HTML
 * flame graph. Pure functions of {@link org.jtracemalloc.Snapshot}s; the command-line tool
 * ({@code org.jtracemalloc.cli}) does the reading and writing of files.
 */
package org.jtracemalloc.report;
