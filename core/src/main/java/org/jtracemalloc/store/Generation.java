package org.jtracemalloc.store;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.jtracemalloc.Tracemalloc;

/**
 * All traces from one {@code start()} or {@code clearTraces()} to the next {@code clearTraces()}
 * or {@code stop()}. Clearing replaces the whole generation, so a thread that is still appending
 * to the old one (it read the generation just before the switch) only writes into garbage: no
 * count of the new generation can be corrupted, and the hot path needs no lock to be safe.
 *
 * <p>Its parts: the logs that threads append to ({@link ThreadLogs}, {@link ThreadLog}), the
 * chunks detached from them ({@link HeapChunks}), the blocks of other domains
 * ({@link TrackedBlocks}), the caps ({@link SlotBudget}) and the interned tracebacks
 * ({@link TracebackTable}).
 *
 * <p>Hot path ({@link #record}, any thread, no lock): size the object, find its traceback id
 * (depth 1: the per-site cache, two loads; deeper: one stack walk), allocate the weak handle (the
 * only allocation), append it to the thread's own chunk (a virtual thread: to a stripe it holds
 * meanwhile) and add its size to the log's own counter. Once per chunk (up to 1024 allocations) the
 * thread reserves the next chunk's slots and, when a collection happened since, sweeps its own
 * chain first. The rest runs under the store lock ({@link TraceStore}).
 *
 * <p>How this meets the collector: a handle is live at the first collection after its allocation
 * (its chunk holds it), so a young collection copies it, and its referent's death is seen only if
 * the handle is still young: a handle promoted to the old generation keeps its referent alive until
 * an old collection. The sooner a sweep drops the handles of the dead, the fewer of them the next
 * collection copies again or promotes, which is why each allocating thread sweeps its own chain at
 * its first chunk after a collection.
 */
final class Generation {
    final int tracebackLimit;
    /** Mean bytes between sampled allocations ({@link ByteSampler}), 0 when every allocation is traced. */
    final long samplingInterval;
    /**
     * Sampling mode: the countdowns the boot hook reads, one per start
     * ({@link ThreadState#countDownInHook}); null when every allocation is traced.
     */
    final ThreadLocal<long[]> samplingCountdowns;
    final TracebackTable tables = new TracebackTable();
    final SlotBudget budget;
    private final AgentBinding binding;
    private final ThreadLogs logs;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong peak = new AtomicLong();
    // Store lock holders only, from here on (their counts are read by any thread).
    private final HeapChunks chunks;
    /** The heap slots that packing dropped; with the slots still held, the heap's allocation totals. */
    private final AllocationTotals droppedSlots;
    private final TrackedBlocks tracked = new TrackedBlocks();
    /** Every block tracked, per domain, whether untracked since or not. */
    private final Map<Integer, AllocationTotals> trackedTotals = new TreeMap<>();
    /** Their estimated bytes, for {@link #overheadBytes} on any thread. */
    private volatile long trackedTotalsBytes;
    private long maxTraces;
    private long maxMemory;

    Generation(int tracebackLimit, long samplingInterval, ThreadLocal<long[]> samplingCountdowns, AgentBinding binding,
            long maxTraces, long maxMemory) {
        this.tracebackLimit = tracebackLimit;
        this.samplingInterval = samplingInterval;
        this.samplingCountdowns = samplingCountdowns;
        this.binding = binding;
        this.maxTraces = maxTraces;
        this.maxMemory = maxMemory;
        this.budget = new SlotBudget(maxMemory / SlotBudget.BYTES_PER_SLOT, maxTraces);
        this.droppedSlots = new AllocationTotals(Tracemalloc.HEAP_DOMAIN, samplingInterval);
        this.chunks = new HeapChunks(budget, samplingInterval, droppedSlots);
        this.logs = new ThreadLogs(this);
    }

    /**
     * The bytes a trace of {@code size} bytes counts for in traced memory and snapshots: the size
     * itself, or in sampling mode the estimated bytes of the objects it stands for. Traces keep
     * their real size, so sweeps subtract exactly what recording added.
     */
    long bytesRepresented(long size) {
        return samplingInterval == 0 ? size : ByteSampler.bytesRepresented(size, samplingInterval);
    }

    private Trace heapTrace(long size, Traceback traceback) {
        return samplingInterval == 0
                ? new Trace(Tracemalloc.HEAP_DOMAIN, size, traceback)
                : new Trace(Tracemalloc.HEAP_DOMAIN, ByteSampler.bytesRepresented(size, samplingInterval), traceback,
                        ByteSampler.countRepresented(size, samplingInterval));
    }

    AgentBinding binding() {
        return binding;
    }

    // ---- hot path

    void record(ThreadState state, Object object, int siteId) {
        if (budget.atCapacity()) {
            state.countDownInStore();
            dropped.increment();
            return;
        }
        long size = binding.sizeOf(object);
        AllocationTally tally = state.tally;
        if (tally != null) {
            tally.add(siteId, size);
        }
        ByteSampler sampler = state.sampler(samplingInterval);
        if (sampler != null) {
            if (tally == null) {
                state.countDownInHook(samplingCountdowns, sampler);
            }
            if (!sampler.samples(size)) {
                return;
            }
        }
        int tracebackId = tracebackLimit == 1
                ? tables.siteTracebackId(siteId)
                : state.capture().allocationTraceback(tables, siteId, tracebackLimit);
        WeakReference<Object> handle = new WeakReference<>(object);
        if (!append(state, handle, tracebackId, size)) {
            state.countDownInStore();
            dropped.increment();
        }
    }

    private boolean append(ThreadState state, WeakReference<Object> handle, int tracebackId, long size) {
        if (state.virtual) {
            ThreadLog stripe = logs.holdStripe();
            try {
                return stripe.append(handle, tracebackId, size);
            } finally {
                stripe.releaseHold();
            }
        }
        ThreadLog log = state.log;
        if (log == null || log.generation != this) {
            state.log = log = logs.join(this);
        }
        return log.append(handle, tracebackId, size);
    }

    /** An appender that swept its chain: hands the older chunks over if the store lock is free. */
    void tryAdoptOlderChunks(ThreadLog log) {
        if (TraceStore.tryLock()) {
            try {
                chunks.adopt(log.detachOlder());
            } finally {
                TraceStore.unlock();
            }
        }
    }

    /** Records the peak before a decrease of traced memory: the peak is always one of those moments, or now. */
    void notePeak() {
        peak(current());
    }

    /**
     * Runs every recording path once on the calling platform thread, this generation being a
     * throwaway ({@link TraceStore#start} explains why): one chunk and the start of the next, the
     * appender's sweep and hand-over, a stripe held and released, a drop.
     */
    void rehearse(ThreadState state, int siteId) {
        for (int i = 0; i <= TraceChunk.MIN_CAPACITY; i++) {
            record(state, new Object(), siteId);
        }
        ThreadLog log = state.log;
        if (log.tryClaim()) {
            try {
                log.sweep(GcEpoch.current() + 1, true);
                tryAdoptOlderChunks(log);
            } finally {
                log.releaseClaim();
            }
        }
        logs.holdStripe().releaseHold();
        dropped.increment();
        state.log = null;
    }

    // ---- any thread, no lock: time proportional to the logs, never to the traces

    /** Traced bytes now: what the logs added, minus what sweeps found dead, plus tracked blocks. */
    long current() {
        ThreadLogs.Totals totals = logs.totals();
        return totals.added - totals.freed - chunks.freed() + tracked.bytes();
    }

    /** The peak, given the current value. */
    long peak(long current) {
        long p;
        while ((p = peak.get()) < current && !peak.compareAndSet(p, current)) {
            Thread.onSpinWait();
        }
        return Math.max(p, current);
    }

    void resetPeak() {
        peak.set(current());
    }

    /** Heap traces whose objects no sweep has found dead yet, and the tracked blocks. */
    long traceCount() {
        ThreadLogs.Totals totals = logs.totals();
        return totals.appended - totals.freedTraces - chunks.freedTraces() + tracked.count();
    }

    /** Allocations not traced because the store was at its cap or its memory budget. */
    long droppedTraces() {
        return dropped.sum();
    }

    /** The store's own bytes for this generation: slots, handles not yet dropped, logs, tracked blocks, interning. */
    long estimatedBytes() {
        ThreadLogs.Totals totals = logs.totals();
        long handles = totals.appended - totals.freedTraces - chunks.freedTraces();
        return 256 + budget.held() * (SlotBudget.BYTES_PER_SLOT - 32) + handles * 32 + overheadBytes();
    }

    /** What the budget holds besides slots: the site table, interned tracebacks, logs, tracked blocks, allocation totals. */
    private long overheadBytes() {
        return AllocationSites.estimatedBytes() + tables.estimatedBytes() + logs.count() * 96L + tracked.estimatedBytes()
                + droppedSlots.estimatedBytes() + trackedTotalsBytes;
    }

    // ---- store lock holders

    /** New caps: applies at once. */
    void setCaps(long maxTraces, long maxMemory) {
        this.maxTraces = maxTraces;
        this.maxMemory = maxMemory;
        updateLimit();
    }

    /** Re-decides the caps from exact counts (store lock held, after sweeping or a change of caps). */
    private void updateLimit() {
        long openedBefore = budget.opened();
        long liveOrOpen = traceCount() - tracked.count();
        for (ThreadLog log : logs.all()) {
            TraceChunk newest = log.newest();
            liveOrOpen += newest.capacity() - newest.published();
        }
        long slotsForMemory = Math.max(0, maxMemory - overheadBytes()) / SlotBudget.BYTES_PER_SLOT;
        budget.rebase(slotsForMemory, maxTraces, liveOrOpen, openedBefore);
    }

    /** Whether the trace cap, rather than the memory budget, is what stops tracing. */
    boolean cappedByMaxTraces() {
        return maxTraces <= budget.slotLimit();
    }

    /**
     * Forgets the traces whose objects the collector has reclaimed. First the logs' chains that no
     * sweep has seen since the last collection (with {@code everyLog}, every chain: a snapshot's
     * sweep, so that what it reads is handed over and counted): each is swept (whoever claims it first, its own
     * thread or this lock holder, does the work, so a sweeper with a core to itself takes it off
     * the allocating threads, and allocating threads take it when the sweeper falls behind), its
     * older chunks adopted; an ended thread's whole chain is adopted and its counts folded in. Then
     * the adopted chunks: the young ones, and with {@code full} the old ones too.
     */
    void sweep(boolean full, boolean everyLog) {
        long epoch = GcEpoch.current();
        notePeak();
        List<ThreadLog> ended = new ArrayList<>();
        for (ThreadLog log : logs.all()) {
            boolean gone = log.ended();
            if (!gone && !everyLog && log.sweptEpoch() >= epoch) {
                continue;
            }
            if (!log.tryClaim()) {
                continue; // its appender is sweeping it now
            }
            try {
                log.sweep(epoch, false);
                if (gone) {
                    chunks.adopt(log.newest());
                    ended.add(log);
                } else {
                    chunks.adopt(log.detachOlder());
                }
            } finally {
                log.releaseClaim();
            }
        }
        logs.fold(ended);
        chunks.sweep(full);
        updateLimit();
    }

    boolean fullSweepDue() {
        return chunks.fullSweepDue();
    }

    /**
     * The live traces, heap ones first. Tracebacks are shared: one object per traceback id. A heap
     * trace is live while its object is not reclaimed; callers sweep first when a collection
     * happened, so that the snapshot and the traced memory agree.
     */
    List<Trace> traces() {
        List<TraceChunk> all = allChunks();
        int slots = tracked.count();
        for (TraceChunk chunk : all) {
            slots += chunk.published();
        }
        List<Trace> traces = new ArrayList<>(slots);
        for (TraceChunk chunk : all) {
            for (int i = 0, n = chunk.published(); i < n; i++) {
                if (chunk.holdsLive(i)) {
                    traces.add(heapTrace(chunk.size(i), tables.traceback(chunk.tracebackId(i))));
                }
            }
        }
        tracked.addTraces(traces, tables);
        return traces;
    }

    /**
     * One trace per traceback that allocated in this generation: its allocations and their bytes,
     * dead objects included (in sampling mode, estimates). The slots still held, live or dead,
     * added to those that packing dropped; then the tracked domains. Needs no sweep.
     */
    List<Trace> allocationTraces() {
        AllocationTotals heap = droppedSlots.copy();
        for (TraceChunk chunk : allChunks()) {
            heap.addSlots(chunk);
        }
        List<Trace> traces = new ArrayList<>();
        heap.addTraces(traces, tables);
        for (AllocationTotals domainTotals : trackedTotals.values()) {
            domainTotals.addTraces(traces, tables);
        }
        return traces;
    }

    /** The traceback of {@code object} if it was traced in this generation: a linear scan. */
    Traceback objectTraceback(Object object) {
        for (TraceChunk chunk : allChunks()) {
            WeakReference<Object>[] handles = chunk.handles;
            for (int i = 0, n = chunk.published(); i < n; i++) {
                WeakReference<Object> handle = handles[i];
                if (handle != null && handle.refersTo(object)) {
                    return tables.traceback(chunk.tracebackId(i));
                }
            }
        }
        return null;
    }

    private List<TraceChunk> allChunks() {
        List<TraceChunk> all = chunks.all();
        for (ThreadLog log : logs.all()) {
            for (TraceChunk chunk = log.newest(); chunk != null; chunk = chunk.older) {
                all.add(chunk);
            }
        }
        return all;
    }

    /** Adds or replaces the trace of block {@code id} in {@code domain}. */
    void track(int domain, long id, long size, int tracebackId) {
        if (tracked.tracks(domain, id)) {
            notePeak();
        }
        tracked.track(domain, id, size, tracebackId);
        // No lambda here: its first call would spin a class inside an instrumented allocateMemory.
        AllocationTotals domainTotals = trackedTotals.get(domain);
        if (domainTotals == null) {
            domainTotals = new AllocationTotals(domain, 0);
            trackedTotals.put(domain, domainTotals);
        }
        domainTotals.add(tracebackId, size);
        long totalsBytes = 0;
        for (AllocationTotals totals : trackedTotals.values()) {
            totalsBytes += totals.estimatedBytes();
        }
        trackedTotalsBytes = totalsBytes;
    }

    void untrack(int domain, long id) {
        if (tracked.tracks(domain, id)) {
            notePeak();
        }
        tracked.untrack(domain, id);
    }
}
