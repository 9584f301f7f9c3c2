package org.jtracemalloc.store;

import java.util.Arrays;
import java.util.List;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;

/**
 * Allocations and their bytes per traceback id, in one domain. A generation keeps one for the heap
 * slots that packing dropped ({@link HeapChunks}: a dead object's slot leaves the store only
 * there, so until then its chunk still holds its traceback id and size) and one per tracked domain;
 * an allocation snapshot adds every slot still held to a copy. So the allocating threads write
 * nothing for the totals: their chunks are the per-thread counts, merged when a snapshot is taken
 * or a sweep drops slots. Store lock holders only.
 *
 * <p>Indexed by traceback id (dense: {@link TracebackTable} numbers them from 0), so adding is two
 * array increments, and the memory is 16 bytes per traceback of the generation, not per allocation
 * or per thread.
 */
final class AllocationTotals {
    private final int domain;
    /** Mean bytes between sampled allocations: each slot then counts for the objects it stands for. */
    private final long samplingInterval;
    private long[] counts;
    private long[] bytes;
    /** The arrays' length, for {@link #estimatedBytes} on any thread. */
    private volatile int length;

    AllocationTotals(int domain, long samplingInterval) {
        this(domain, samplingInterval, new long[16], new long[16]);
    }

    private AllocationTotals(int domain, long samplingInterval, long[] counts, long[] bytes) {
        this.domain = domain;
        this.samplingInterval = samplingInterval;
        this.counts = counts;
        this.bytes = bytes;
        this.length = counts.length;
    }

    /** One allocation of {@code size} bytes (in sampling mode, a sampled one: the estimate it stands for). */
    void add(int tracebackId, long size) {
        if (tracebackId >= counts.length) {
            int grown = Math.max(tracebackId + 1, counts.length * 2);
            counts = Arrays.copyOf(counts, grown);
            bytes = Arrays.copyOf(bytes, grown);
            length = grown;
        }
        if (samplingInterval == 0) {
            counts[tracebackId]++;
            bytes[tracebackId] += size;
        } else {
            counts[tracebackId] += ByteSampler.countRepresented(size, samplingInterval);
            bytes[tracebackId] += ByteSampler.bytesRepresented(size, samplingInterval);
        }
    }

    /** Adds every slot of {@code chunk}, live or dead. */
    void addSlots(TraceChunk chunk) {
        for (int i = 0, n = chunk.published(); i < n; i++) {
            add(chunk.tracebackId(i), chunk.size(i));
        }
    }

    AllocationTotals copy() {
        return new AllocationTotals(domain, samplingInterval, counts.clone(), bytes.clone());
    }

    /** One trace per traceback that allocated: its allocation count and bytes. */
    void addTraces(List<Trace> traces, TracebackTable tables) {
        for (int id = 0; id < counts.length; id++) {
            if (counts[id] > 0) {
                Traceback traceback = tables.traceback(id);
                traces.add(new Trace(domain, bytes[id], traceback, counts[id]));
            }
        }
    }

    /** Any thread, no lock. */
    long estimatedBytes() {
        return 32 + length * 16L;
    }
}
