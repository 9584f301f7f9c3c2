package org.jtracemalloc;

/**
 * The size of the traced memory blocks now ({@code current}) and at most since tracing started or
 * the peak was reset ({@code peak}), in bytes: Python's {@code get_traced_memory()} pair.
 */
public record TracedMemory(long current, long peak) {}
