package org.jtracemalloc.store;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Traceback;

/**
 * Interned frames and tracebacks of one generation. A frame is stored once and named by an int;
 * a traceback is an int[] of frame ids stored once, and every trace names it by an int. Each id
 * maps to one {@link Traceback} object, built when the traceback is first seen, so snapshots share
 * it among all its traces.
 *
 * <p>Lock-free: a lookup is a {@link ConcurrentHashMap#get}; only a miss inserts (the id is taken
 * first from a counter and published in the {@link IdIndex} before the map insert, so whoever
 * reads an id from the map finds its object; a lost insert race leaves an unused id behind).
 */
final class TracebackTable {
    /**
     * Its equals and hashCode are written out: a record's generated ones bootstrap through
     * {@code ObjectMethods} at the first call, which spins some 40 method-handle classes (about
     * 20 ms, paid by the first start of tracing in every JVM, since the store's rehearsal interns
     * a frame).
     */
    private record FrameKey(String className, String methodName, String sourceFile, int line) {
        @Override
        public boolean equals(Object other) {
            return other instanceof FrameKey k && line == k.line && Objects.equals(className, k.className)
                    && Objects.equals(methodName, k.methodName) && Objects.equals(sourceFile, k.sourceFile);
        }

        @Override
        public int hashCode() {
            int hash = Objects.hashCode(className);
            hash = hash * 31 + Objects.hashCode(methodName);
            hash = hash * 31 + Objects.hashCode(sourceFile);
            return hash * 31 + line;
        }
    }

    /** A traceback's frame ids, most recent first. */
    private static final class TracebackKey {
        private final int[] frameIds;
        private final int hash;

        TracebackKey(int[] frameIds) {
            this.frameIds = frameIds;
            this.hash = Arrays.hashCode(frameIds);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TracebackKey k && Arrays.equals(frameIds, k.frameIds);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final ConcurrentHashMap<FrameKey, Integer> frameIds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TracebackKey, Integer> tracebackIds = new ConcurrentHashMap<>();
    private final AtomicInteger nextFrameId = new AtomicInteger();
    private final AtomicInteger nextTracebackId = new AtomicInteger();
    private final AtomicLong framesInTracebacks = new AtomicLong();
    private final IdIndex<Frame> frames = new IdIndex<>();
    private final IdIndex<Traceback> tracebacks = new IdIndex<>();
    private final SiteIdCache siteTracebacks = new SiteIdCache();
    private final SiteIdCache siteFrames = new SiteIdCache();

    int frameId(String className, String methodName, String reportedSourceFile, int line) {
        String sourceFile = reportedSourceFile != null || className == null
                ? reportedSourceFile
                : AllocationSites.sourceFile(className); // a replaced method version's frame
        FrameKey key = new FrameKey(className, methodName, sourceFile, line);
        Integer known = frameIds.get(key);
        if (known != null) {
            return known;
        }
        int id = takeId(nextFrameId);
        frames.set(id, JvmFrames.frame(className, methodName, sourceFile, line));
        Integer winner = frameIds.putIfAbsent(key, id);
        return winner == null ? id : winner;
    }

    /** The id of the traceback made of {@code frameIds[0..n)}, most recent first (n &gt;= 1). */
    int tracebackId(int[] ids, int n) {
        TracebackKey key = new TracebackKey(Arrays.copyOf(ids, n));
        Integer known = tracebackIds.get(key);
        if (known != null) {
            return known;
        }
        Frame[] mostRecentFirst = new Frame[n];
        for (int i = 0; i < n; i++) {
            mostRecentFirst[i] = frames.get(ids[i]);
        }
        int id = takeId(nextTracebackId);
        tracebacks.set(id, new Traceback(Arrays.asList(mostRecentFirst), null));
        Integer winner = tracebackIds.putIfAbsent(key, id);
        if (winner != null) {
            return winner;
        }
        framesInTracebacks.addAndGet(n);
        return id;
    }

    /** The one-frame traceback of an allocation site: a cache hit costs two loads. */
    int siteTracebackId(int siteId) {
        int cached = siteTracebacks.get(siteId);
        if (cached >= 0) {
            return cached;
        }
        int id = tracebackId(new int[] {siteFrameId(siteId)}, 1);
        siteTracebacks.put(siteId, id);
        return id;
    }

    /** The frame of an allocation site; {@code <unknown>:0} for an id the agent never registered. */
    int siteFrameId(int siteId) {
        int cached = siteFrames.get(siteId);
        if (cached >= 0) {
            return cached;
        }
        AllocationSites.Site site = AllocationSites.site(siteId);
        int id = site == null
                ? frameId(null, null, null, 0)
                : frameId(site.className(), site.methodName(), site.sourceFile(), site.line());
        siteFrames.put(siteId, id);
        return id;
    }

    Traceback traceback(int id) {
        return tracebacks.get(id);
    }

    /** Rough bytes: map nodes, keys, boxed ids, Frame and Traceback objects, and the id pages. */
    long estimatedBytes() {
        long frameCount = Math.min(nextFrameId.get(), IdIndex.CAPACITY);
        long tracebackCount = Math.min(nextTracebackId.get(), IdIndex.CAPACITY);
        return 64 * 2
                + frameCount * (32 + 32 + 16 + 32 + 48) // node, key, Integer, Frame, filename string
                + tracebackCount * (32 + 24 + 16 + 24 + 16 + 16) // node, key, Integer, Traceback, two arrays
                + framesInTracebacks.get() * 8 // the key's int and the Traceback's reference per frame
                + frames.estimatedBytes()
                + tracebacks.estimatedBytes()
                + siteTracebacks.estimatedBytes()
                + siteFrames.estimatedBytes();
    }

    private static int takeId(AtomicInteger counter) {
        int id = counter.getAndIncrement();
        if (id >= IdIndex.CAPACITY) {
            throw new IllegalStateException("more than " + IdIndex.CAPACITY + " distinct frames or tracebacks");
        }
        return id;
    }
}
