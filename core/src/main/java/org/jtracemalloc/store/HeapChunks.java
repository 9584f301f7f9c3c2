package org.jtracemalloc.store;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunks of one generation that no thread appends to any more: detached from the logs' chains
 * once swept, with their survivors packed into full chunks. Store lock holders only.
 *
 * <p>Most objects die young, so a partial sweep (the sweeper's, after each collection) looks only
 * at the chunks adopted in the last {@link #YOUNG_SWEEPS} sweeps; a full sweep also looks at the
 * older ones: the sweeper does one every {@link #PARTIAL_SWEEPS_PER_FULL} sweeps or when the old
 * chunks doubled since the last one (so its cost stays proportional to the allocations in between),
 * and snapshots do one whenever a collection happened since the last full sweep.
 */
final class HeapChunks {
    static final int YOUNG_SWEEPS = 2;
    static final int PARTIAL_SWEEPS_PER_FULL = 16;

    private final SlotBudget budget;
    private final SweepTally swept;
    /** Where the dead slots go when packing drops them, so that allocation totals keep counting them. */
    private final AllocationTotals droppedSlots;
    private List<TraceChunk> young = new ArrayList<>();
    private List<TraceChunk> old = new ArrayList<>();
    private int partialSweeps;
    private int oldChunksAtFullSweep;
    /** What sweeps of these chunks found dead; read by any thread. */
    private volatile long freed;
    private volatile long freedTraces;

    HeapChunks(SlotBudget budget, long samplingInterval, AllocationTotals droppedSlots) {
        this.budget = budget;
        this.swept = new SweepTally(samplingInterval);
        this.droppedSlots = droppedSlots;
    }

    /** Takes a chain detached from a log, just swept by its claimant, packing its sparse chunks. */
    void adopt(TraceChunk chain) {
        List<TraceChunk> chunks = new ArrayList<>();
        for (TraceChunk chunk = chain; chunk != null; chunk = chunk.older) {
            chunk.sweeps = 1;
            chunks.add(chunk);
            budget.retain(chunk.capacity());
        }
        for (TraceChunk chunk : chunks) {
            chunk.older = null; // no chain among adopted chunks: each list holds them
        }
        young.addAll(pack(chunks));
    }

    /** Forgets the traces of reclaimed objects: the young chunks, and the old ones too when {@code full}. */
    void sweep(boolean full) {
        SweepTally tally = swept;
        tally.reset();
        List<TraceChunk> stillYoung = new ArrayList<>(young.size());
        List<TraceChunk> settled = new ArrayList<>();
        for (TraceChunk chunk : young) {
            chunk.sweep(tally);
            (++chunk.sweeps < YOUNG_SWEEPS && !full ? stillYoung : settled).add(chunk);
        }
        young = stillYoung;
        old.addAll(pack(settled));
        if (full) {
            for (TraceChunk chunk : old) {
                chunk.sweep(tally);
            }
            old = pack(old);
            oldChunksAtFullSweep = old.size();
            partialSweeps = 0;
        } else {
            partialSweeps++;
        }
        freed += tally.bytes;
        freedTraces += tally.traces;
    }

    /** Whether the sweeper's next sweep should be a full one. */
    boolean fullSweepDue() {
        return partialSweeps + 1 >= PARTIAL_SWEEPS_PER_FULL || old.size() > 2 * oldChunksAtFullSweep;
    }

    long freed() {
        return freed;
    }

    long freedTraces() {
        return freedTraces;
    }

    /** Every chunk, old ones first. */
    List<TraceChunk> all() {
        List<TraceChunk> all = new ArrayList<>(old.size() + young.size());
        all.addAll(old);
        all.addAll(young);
        return all;
    }

    /**
     * The same chunks with the survivors of those less than half full (or smaller than full size)
     * moved into as few chunks as hold them, the emptied chunks' slots given back to the budget and
     * their dead slots added to the allocation totals.
     */
    private List<TraceChunk> pack(List<TraceChunk> chunks) {
        List<TraceChunk> kept = new ArrayList<>(chunks.size());
        List<TraceChunk> sparse = new ArrayList<>();
        for (TraceChunk chunk : chunks) {
            boolean isSparse = chunk.live * 2 < chunk.capacity() || chunk.capacity() < TraceChunk.MAX_CAPACITY;
            (isSparse ? sparse : kept).add(chunk);
        }
        if (sparse.size() < 2 && (sparse.isEmpty() || sparse.get(0).live > 0)) {
            return chunks;
        }
        long survivors = 0;
        for (TraceChunk chunk : sparse) {
            survivors += chunk.live;
        }
        TraceChunk packed = null;
        for (TraceChunk chunk : sparse) {
            WeakReference<Object>[] handles = chunk.handles;
            for (int i = 0, end = chunk.published(); i < end; i++) {
                if (handles[i] != null) {
                    if (packed == null || packed.published() == packed.capacity()) {
                        int capacity = (int) Math.min(TraceChunk.MAX_CAPACITY, Math.max(TraceChunk.MIN_CAPACITY, survivors));
                        survivors -= capacity;
                        packed = new TraceChunk(capacity, null);
                        budget.take(capacity);
                        packed.sweeps = chunk.sweeps;
                        kept.add(packed);
                    }
                    packed.appendCopy(chunk, i);
                    packed.live++;
                } else {
                    droppedSlots.add(chunk.tracebackId(i), chunk.size(i)); // swept dead: its last trace
                }
            }
            budget.release(chunk.capacity());
        }
        return kept;
    }
}
