package org.jtracemalloc;

/**
 * A Java addition: how the trace store samples and what it may keep, as one value. The agent's
 * {@code sampling}, {@code maxTraces} and {@code maxMemory} keys make one at start-up;
 * {@link Tracemalloc#configure} applies one, {@link Tracemalloc#getSettings} returns the one in use.
 *
 * @param samplingInterval the mean bytes a thread allocates between traced allocations; 0 traces
 *                         every allocation (applies from the next start on: tracing in progress
 *                         keeps its interval)
 * @param maxTraces        the most heap traces kept at once; {@link Long#MAX_VALUE} for no cap
 * @param maxMemory        the bytes the traces may hold (their slots, weak handles and interned
 *                         tracebacks), at least 1 MiB
 */
public record TracingSettings(long samplingInterval, long maxTraces, long maxMemory) {
    /** The smallest memory budget: 1 MiB. */
    public static final long MIN_MAX_MEMORY = 1 << 20;

    /** @throws IllegalArgumentException naming the first value out of range */
    public TracingSettings {
        if (samplingInterval < 0) {
            throw new IllegalArgumentException("the sampling interval must be 0 or more bytes, got " + samplingInterval);
        }
        if (maxTraces < 1) {
            throw new IllegalArgumentException("maxTraces must be at least 1, got " + maxTraces);
        }
        if (maxMemory < MIN_MAX_MEMORY) {
            throw new IllegalArgumentException("maxMemory must be at least 1 MiB (1048576 bytes), got " + maxMemory);
        }
    }

    /** Every allocation traced, no cap on the count, a budget of half the maximum heap. */
    public static TracingSettings defaults() {
        return new TracingSettings(0, Long.MAX_VALUE, Math.max(MIN_MAX_MEMORY, Runtime.getRuntime().maxMemory() / 2));
    }

    public TracingSettings withSamplingInterval(long bytes) {
        return new TracingSettings(bytes, maxTraces, maxMemory);
    }

    public TracingSettings withMaxTraces(long max) {
        return new TracingSettings(samplingInterval, max, maxMemory);
    }

    public TracingSettings withMaxMemory(long bytes) {
        return new TracingSettings(samplingInterval, maxTraces, bytes);
    }
}
