package org.jtracemalloc.store;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.jtracemalloc.Tracemalloc;

/**
 * All traces from one {@code start()} or {@code clearTraces()} to the next {@code clearTraces()}
 * or {@code stop()}. Clearing replaces the whole generation, so a thread that is still appending
 * to the old one (it read the generation just before the switch) only writes into garbage: no
 * count of the new generation can be corrupted, and the hot path needs no lock to be safe.
 *
 * <p>Hot path ({@link #record}, any thread, no lock): size the object, find its traceback id
 * (depth 1: the per-site cache, two loads; deeper: one stack walk), allocate the weak handle (the
 * only allocation), append it to the thread's own chunk and add its size to the thread's own
 * counter. Everything else runs under the store lock ({@link TraceStore}). Measured with a fake
 * agent on JDK 17/G1 (2 cores shared with other work, so ranges): the bookkeeping alone adds
 * 25-50 ns to a 15-30 ns allocation; the weak handle brings the total to 100-500 ns, almost all
 * of it the collector's work for the handle (copying it once, discovering and clearing it).
 *
 * <p>Memory per live heap trace: the 32-byte handle plus 12 bytes of slot ({@link TraceChunk});
 * the sweeper packs retired chunks that are less than half full, so once swept a slot costs at
 * most twice that.
 *
 * <p>How this meets the collector: a handle is live at the first collection after its allocation
 * (its chunk holds it), so a young collection copies it. HotSpot only discovers a reference that
 * stays in the young generation; when the survivor spaces overflow, the promoted handles are not
 * discovered, their referents are kept alive and promoted with them, and those objects count as
 * live until an old-generation collection reclaims them. Allocation-heavy programs should give the
 * young collections room: measured on JDK 17/G1, 10M allocations with 100K kept alive left 9.8M
 * traces unreclaimed by default and 0.94M (about one young collection's worth) with
 * {@code -XX:SurvivorRatio=1}. Either way every count stays exact with respect to what the
 * collector has reclaimed.
 */
final class Generation {
    /**
     * Its equals and hashCode are written out, as {@code TracebackTable}'s frame key's: a record's
     * generated ones bootstrap {@code ObjectMethods} at their first call, which here would be the
     * first tracked block, inside an instrumented {@code Unsafe.allocateMemory} when the native
     * domain is traced (about 40 method-handle classes defined there).
     */
    private record TrackedKey(int domain, long id) {
        @Override
        public boolean equals(Object other) {
            return other instanceof TrackedKey k && domain == k.domain && id == k.id;
        }

        @Override
        public int hashCode() {
            return 31 * domain + Long.hashCode(id);
        }
    }

    private record TrackedBlock(long size, int tracebackId) {}

    static final int YOUNG_SWEEPS = 2;
    static final int PARTIAL_SWEEPS_PER_FULL = 16;

    final int tracebackLimit;
    /** Mean bytes between sampled allocations ({@link ByteSampler}), 0 when every allocation is traced. */
    final long samplingInterval;
    final TracebackTable tables = new TracebackTable();
    private final AgentBinding binding;
    /** Logs of threads that joined since a lock holder last looked (a lock-free stack). */
    private final AtomicReference<ThreadLog> joined = new AtomicReference<>();
    /**
     * The cap ({@link TraceStore#maxTraces()}), kept without a shared counter per allocation:
     * threads reserve the slots of each chunk they open (once per up to 1024 allocations) in
     * {@link #slotsOpened}; {@link #liveOrOpenAtSweep} is the exact count of live traces plus the
     * free slots of the threads' chunks at the last sweep. Their sum bounds the live traces from
     * above and reservations never let it pass the cap, so the cap holds (give or take a chunk
     * opened while a sweep counts); allocations may be dropped while reserved slots of other
     * threads are still free (at most one chunk each).
     */
    private final AtomicLong slotsOpened = new AtomicLong();
    private volatile long slotsOpenedAtSweep;
    private volatile long liveOrOpenAtSweep;
    private volatile boolean atCapacity;

    // Lock holders only, from here on.
    private final List<ThreadLog> logs = new ArrayList<>();
    /** Retired chunks swept fewer than YOUNG_SWEEPS times, then the older ones. */
    private List<TraceChunk> young = new ArrayList<>();
    private List<TraceChunk> old = new ArrayList<>();
    private int partialSweeps;
    private int oldChunksAtFullSweep;
    private final Map<TrackedKey, TrackedBlock> tracked = new HashMap<>();
    /** Bytes and traces added, and allocations dropped, by threads that have ended and whose logs were folded in. */
    private long addedByEndedThreads;
    private long appendedByEndedThreads;
    private long droppedByEndedThreads;
    private long freed;
    private long freedTraces;
    private long trackedBytes;
    private long peak;

    Generation(int tracebackLimit, long samplingInterval, AgentBinding binding) {
        this.tracebackLimit = tracebackLimit;
        this.samplingInterval = samplingInterval;
        this.binding = binding;
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
        ThreadLog log = state.log;
        if (log == null || log.generation != this) {
            state.log = log = join();
        }
        if (atCapacity) {
            log.countDropped();
            return;
        }
        long size = binding.sizeOf(object);
        AllocationTally tally = state.tally;
        if (tally != null) {
            tally.add(siteId, size);
        }
        ByteSampler sampler = log.sampler;
        if (sampler != null && !sampler.samples(size)) {
            return;
        }
        int tracebackId = tracebackLimit == 1
                ? tables.siteTracebackId(siteId)
                : state.capture().allocationTraceback(tables, siteId, tracebackLimit);
        if (!log.append(new WeakReference<>(object), tracebackId, size)) {
            log.countDropped();
        }
    }

    /**
     * A thread wants a chunk of {@code wanted} slots: how many it may have without the live
     * traces exceeding the cap (0 sets the store at capacity). Once per chunk, not per allocation.
     */
    int reserveSlots(int wanted) {
        long opened = slotsOpened.addAndGet(wanted);
        long over = liveOrOpenAtSweep + opened - slotsOpenedAtSweep - TraceStore.maxTraces();
        if (over <= 0) {
            return wanted;
        }
        int granted = (int) Math.max(0, wanted - over);
        slotsOpened.addAndGet(granted - wanted);
        if (granted == 0) {
            atCapacity = true;
        }
        return granted;
    }

    private ThreadLog join() {
        ThreadLog log = new ThreadLog(this, Thread.currentThread());
        ThreadLog head;
        do {
            head = joined.get();
            log.nextJoined = head;
        } while (!joined.compareAndSet(head, log));
        return log;
    }

    // ---- lock holders

    private void adoptJoinedLogs() {
        for (ThreadLog log = joined.getAndSet(null); log != null; log = log.nextJoined) {
            logs.add(log);
        }
    }

    /** Traced bytes now: what every thread added, minus what the sweeper found dead, plus tracked blocks. */
    long current() {
        adoptJoinedLogs();
        long sum = addedByEndedThreads - freed + trackedBytes;
        for (ThreadLog log : logs) {
            sum += log.added();
        }
        return sum;
    }

    /**
     * The peak, given the current value. Traced memory only drops at a sweep or an untrack, and
     * both record the peak first, so the maximum is always one of those moments or now.
     */
    long peak(long current) {
        peak = Math.max(peak, current);
        return peak;
    }

    void resetPeak() {
        peak = current();
    }

    /**
     * Forgets the traces whose objects the GC has reclaimed and subtracts their sizes; folds in
     * the logs of ended threads; moves full chunks off the threads' chains and packs sparse ones.
     *
     * <p>Most objects die young, so a partial sweep (the sweeper's usual one, after each
     * collection) looks only at the threads' chains and at the chunks retired in the last
     * {@link #YOUNG_SWEEPS} sweeps. A full sweep also looks at the older chunks: the sweeper does
     * one every {@link #PARTIAL_SWEEPS_PER_FULL} sweeps or when the old chunks doubled since the
     * last one (so its cost stays proportional to the allocations in between), and queries do one
     * whenever a collection happened since the last full sweep, so they are exact. A full sweep
     * also settles (and packs) every retired chunk.
     */
    void sweep(boolean full) {
        peak(current());
        long openedBefore = slotsOpened.get();
        List<ThreadLog> running = new ArrayList<>(logs.size());
        for (ThreadLog log : logs) {
            TraceChunk newest = log.newest();
            TraceChunk older;
            if (log.thread.isAlive()) {
                running.add(log);
                sweepChunk(newest);
                older = newest.older;
                newest.older = null; // the owner only ever links to its newest chunk, never reads this
            } else {
                addedByEndedThreads += log.added();
                appendedByEndedThreads += log.appended();
                droppedByEndedThreads += log.dropped();
                older = newest;
            }
            for (TraceChunk chunk = older; chunk != null; chunk = chunk.older) {
                young.add(chunk);
            }
        }
        logs.clear();
        logs.addAll(running);

        List<TraceChunk> stillYoung = new ArrayList<>(young.size());
        List<TraceChunk> settled = new ArrayList<>();
        for (TraceChunk chunk : young) {
            sweepChunk(chunk);
            (++chunk.sweeps < YOUNG_SWEEPS && !full ? stillYoung : settled).add(chunk);
        }
        young = stillYoung;
        for (TraceChunk chunk : pack(settled)) {
            old.add(chunk);
        }
        if (full) {
            for (TraceChunk chunk : old) {
                sweepChunk(chunk);
            }
            old = pack(old);
            oldChunksAtFullSweep = old.size();
            partialSweeps = 0;
        } else {
            partialSweeps++;
        }
        updateCapacity(openedBefore);
    }

    /** Re-decides whether the store is at its cap, from exact counts (store lock held). */
    void updateCapacity() {
        updateCapacity(slotsOpened.get());
    }

    private void updateCapacity(long openedBefore) {
        long liveOrOpen = liveTraces();
        for (ThreadLog log : logs) {
            TraceChunk newest = log.newest();
            liveOrOpen += newest.capacity() - newest.published();
        }
        slotsOpenedAtSweep = openedBefore;
        liveOrOpenAtSweep = liveOrOpen;
        atCapacity = liveOrOpen >= TraceStore.maxTraces();
    }

    /** Live heap traces: every trace recorded minus every one a sweep found dead. */
    long liveTraces() {
        adoptJoinedLogs();
        long live = appendedByEndedThreads - freedTraces;
        for (ThreadLog log : logs) {
            live += log.appended();
        }
        return live;
    }

    /** What {@link #traces()} would count: the live heap traces and the tracked blocks. */
    long traceCount() {
        return liveTraces() + tracked.size();
    }

    /** Allocations not traced because the store was at its cap. */
    long droppedTraces() {
        adoptJoinedLogs();
        long dropped = droppedByEndedThreads;
        for (ThreadLog log : logs) {
            dropped += log.dropped();
        }
        return dropped;
    }

    /** Whether the sweeper's next sweep should be a full one. */
    boolean fullSweepDue() {
        return partialSweeps + 1 >= PARTIAL_SWEEPS_PER_FULL || old.size() > 2 * oldChunksAtFullSweep;
    }

    /** Whether old chunks may hold objects that a past collection reclaimed. */
    boolean oldChunksUnswept() {
        return partialSweeps > 0;
    }

    private void sweepChunk(TraceChunk chunk) {
        WeakReference<Object>[] handles = chunk.handles;
        int live = 0;
        for (int i = 0, n = chunk.published(); i < n; i++) {
            WeakReference<Object> handle = handles[i];
            if (handle == null) {
                continue;
            }
            if (handle.refersTo(null)) {
                handles[i] = null;
                freed += bytesRepresented(chunk.size(i));
                freedTraces++;
            } else {
                live++;
            }
        }
        chunk.live = live;
    }

    /**
     * The same chunks with the survivors of those less than half full (or smaller than full
     * size) moved into full-size chunks. Chunks here are retired: no thread appends to them.
     */
    private static List<TraceChunk> pack(List<TraceChunk> chunks) {
        List<TraceChunk> kept = new ArrayList<>(chunks.size());
        List<TraceChunk> sparse = new ArrayList<>();
        for (TraceChunk chunk : chunks) {
            boolean isSparse = chunk.live * 2 < chunk.capacity() || chunk.capacity() < TraceChunk.MAX_CAPACITY;
            (isSparse ? sparse : kept).add(chunk);
        }
        if (sparse.size() < 2) {
            return chunks;
        }
        TraceChunk packed = null;
        for (TraceChunk chunk : sparse) {
            WeakReference<Object>[] handles = chunk.handles;
            for (int i = 0, end = chunk.published(); i < end; i++) {
                if (handles[i] != null) {
                    if (packed == null || packed.live == packed.capacity()) {
                        packed = new TraceChunk(TraceChunk.MAX_CAPACITY, null);
                        packed.sweeps = chunk.sweeps;
                        kept.add(packed);
                    }
                    packed.appendCopy(chunk, i);
                    packed.live++;
                }
            }
        }
        return kept;
    }

    /**
     * The live traces, heap ones first. Tracebacks are shared: one object per traceback id.
     *
     * <p>A trace counts as live until a sweep has seen its handle cleared, exactly as in
     * {@link #current()}, so the snapshot and the traced memory agree; callers sweep first when a
     * collection happened. Not asking each handle whether it was cleared keeps the walk to the
     * chunks' arrays, read in order, instead of one cache miss per handle.
     */
    List<Trace> traces() {
        adoptJoinedLogs();
        List<TraceChunk> chunks = allChunks();
        int slots = tracked.size();
        for (TraceChunk chunk : chunks) {
            slots += chunk.published();
        }
        List<Trace> traces = new ArrayList<>(slots);
        for (TraceChunk chunk : chunks) {
            WeakReference<Object>[] handles = chunk.handles;
            for (int i = 0, n = chunk.published(); i < n; i++) {
                if (handles[i] != null) {
                    traces.add(heapTrace(chunk.size(i), tables.traceback(chunk.tracebackIds[i])));
                }
            }
        }
        tracked.forEach((key, block) ->
                traces.add(new Trace(key.domain(), block.size(), tables.traceback(block.tracebackId()))));
        return traces;
    }

    /** The traceback of {@code object} if it was traced in this generation: a linear scan. */
    Traceback objectTraceback(Object object) {
        adoptJoinedLogs();
        for (TraceChunk chunk : allChunks()) {
            WeakReference<Object>[] handles = chunk.handles;
            for (int i = 0, n = chunk.published(); i < n; i++) {
                WeakReference<Object> handle = handles[i];
                if (handle != null && handle.refersTo(object)) {
                    return tables.traceback(chunk.tracebackIds[i]);
                }
            }
        }
        return null;
    }

    private List<TraceChunk> allChunks() {
        List<TraceChunk> chunks = new ArrayList<>(old);
        chunks.addAll(young);
        for (ThreadLog log : logs) {
            for (TraceChunk chunk = log.newest(); chunk != null; chunk = chunk.older) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    /** Adds or replaces the trace of block {@code id} in {@code domain}. */
    void track(int domain, long id, long size, int tracebackId) {
        TrackedBlock previous = tracked.put(new TrackedKey(domain, id), new TrackedBlock(size, tracebackId));
        if (previous != null) {
            peak(current());
            trackedBytes -= previous.size();
        }
        trackedBytes += size;
    }

    void untrack(int domain, long id) {
        TrackedKey key = new TrackedKey(domain, id);
        TrackedBlock block = tracked.get(key);
        if (block != null) {
            peak(current());
            tracked.remove(key);
            trackedBytes -= block.size();
        }
    }

    /** The store's own bytes for this generation: chunks, references, logs, tracked blocks, interning. */
    long estimatedBytes() {
        adoptJoinedLogs();
        long bytes = 256; // this object, its lists and map
        for (TraceChunk chunk : allChunks()) {
            bytes += chunk.estimatedBytes();
        }
        bytes += logs.size() * 48L;
        bytes += tracked.size() * 96L; // map node, key, block
        return bytes + tables.estimatedBytes();
    }
}
