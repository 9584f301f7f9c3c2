package org.jtracemalloc.store;

/**
 * What one sweep found dead: the bytes they count for (their sizes, or in sampling mode the
 * estimated bytes each stands for) and how many traces. A sweeper's own scratch, reused.
 */
final class SweepTally {
    private final long samplingInterval;
    long bytes;
    long traces;

    SweepTally(long samplingInterval) {
        this.samplingInterval = samplingInterval;
    }

    void add(long size) {
        bytes += samplingInterval == 0 ? size : ByteSampler.bytesRepresented(size, samplingInterval);
        traces++;
    }

    void reset() {
        bytes = 0;
        traces = 0;
    }
}
