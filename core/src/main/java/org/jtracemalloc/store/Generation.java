package org.jtracemalloc.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * (depth 1: the per-site cache, two loads; deeper: one stack walk), allocate the
 * {@link TracedRef}, append it to the thread's own chunk and add its size to the thread's own
 * counter. Everything else runs under the store lock ({@link TraceStore}).
 *
 * <p>Memory per live heap trace: the 40-byte {@link TracedRef} plus its 4-byte slot; the sweeper
 * packs retired chunks that are less than half full, so a slot never costs more than 8 bytes
 * per live trace once swept.
 */
final class Generation {
    private record TrackedKey(int domain, long id) {}

    private record TrackedBlock(long size, int tracebackId) {}

    final int tracebackLimit;
    final TracebackTable tables = new TracebackTable();
    private final AgentBinding binding;
    /** Logs of threads that joined since a lock holder last looked (a lock-free stack). */
    private final AtomicReference<ThreadLog> joined = new AtomicReference<>();

    // Lock holders only, from here on.
    private final List<ThreadLog> logs = new ArrayList<>();
    private List<TraceChunk> retired = new ArrayList<>();
    private final Map<TrackedKey, TrackedBlock> tracked = new HashMap<>();
    /** Bytes added by threads that have ended and whose logs were folded in. */
    private long addedByEndedThreads;
    private long freed;
    private long trackedBytes;
    private long peak;

    Generation(int tracebackLimit, AgentBinding binding) {
        this.tracebackLimit = tracebackLimit;
        this.binding = binding;
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
        long size = binding.sizeOf(object);
        int tracebackId = tracebackLimit == 1
                ? tables.siteTracebackId(siteId)
                : state.capture().allocationTraceback(tables, siteId, tracebackLimit);
        log.append(new TracedRef(object, tracebackId, size));
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
     */
    void sweep() {
        peak(current());
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
                older = newest;
            }
            for (TraceChunk chunk = older; chunk != null; chunk = chunk.older) {
                retired.add(chunk);
            }
        }
        logs.clear();
        logs.addAll(running);
        for (TraceChunk chunk : retired) {
            sweepChunk(chunk);
        }
        packRetired();
    }

    private void sweepChunk(TraceChunk chunk) {
        TracedRef[] slots = chunk.slots;
        int live = 0;
        for (int i = 0, n = chunk.published(); i < n; i++) {
            TracedRef ref = slots[i];
            if (ref == null) {
                continue;
            }
            if (ref.refersTo(null)) {
                slots[i] = null;
                freed += ref.size();
            } else {
                live++;
            }
        }
        chunk.live = live;
    }

    /** Moves the survivors of chunks less than half full (or small) into full-size chunks. */
    private void packRetired() {
        List<TraceChunk> kept = new ArrayList<>(retired.size());
        List<TraceChunk> sparse = new ArrayList<>();
        for (TraceChunk chunk : retired) {
            boolean isSparse = chunk.live * 2 < chunk.capacity() || chunk.capacity() < TraceChunk.MAX_CAPACITY;
            (isSparse ? sparse : kept).add(chunk);
        }
        if (sparse.size() < 2) {
            return;
        }
        TracedRef[] buffer = new TracedRef[TraceChunk.MAX_CAPACITY];
        int n = 0;
        for (TraceChunk chunk : sparse) {
            TracedRef[] slots = chunk.slots;
            for (int i = 0, end = chunk.published(); i < end; i++) {
                if (slots[i] != null) {
                    buffer[n++] = slots[i];
                    if (n == buffer.length) {
                        kept.add(packed(buffer, n));
                        n = 0;
                    }
                }
            }
        }
        if (n > 0) {
            kept.add(packed(buffer, n));
        }
        retired = kept;
    }

    private static TraceChunk packed(TracedRef[] buffer, int n) {
        TraceChunk chunk = new TraceChunk(TraceChunk.MAX_CAPACITY, null);
        chunk.fill(buffer, 0, n);
        chunk.live = n;
        return chunk;
    }

    /** The live traces, heap ones first. Tracebacks are shared: one object per traceback id. */
    List<Trace> traces() {
        adoptJoinedLogs();
        List<Trace> traces = new ArrayList<>();
        for (TraceChunk chunk : allChunks()) {
            TracedRef[] slots = chunk.slots;
            for (int i = 0, n = chunk.published(); i < n; i++) {
                TracedRef ref = slots[i];
                if (ref != null && !ref.refersTo(null)) {
                    traces.add(new Trace(Tracemalloc.HEAP_DOMAIN, ref.size(), tables.traceback(ref.tracebackId)));
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
            TracedRef[] slots = chunk.slots;
            for (int i = 0, n = chunk.published(); i < n; i++) {
                TracedRef ref = slots[i];
                if (ref != null && ref.refersTo(object)) {
                    return tables.traceback(ref.tracebackId);
                }
            }
        }
        return null;
    }

    private List<TraceChunk> allChunks() {
        List<TraceChunk> chunks = new ArrayList<>(retired);
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
            TracedRef[] slots = chunk.slots;
            for (int i = 0, n = chunk.published(); i < n; i++) {
                if (slots[i] != null) {
                    bytes += 40;
                }
            }
        }
        bytes += logs.size() * 48L;
        bytes += tracked.size() * 96L; // map node, key, block
        return bytes + tables.estimatedBytes();
    }
}
