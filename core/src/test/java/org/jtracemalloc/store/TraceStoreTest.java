package org.jtracemalloc.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjIntConsumer;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.jtracemalloc.TracedMemory;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.FakeAgent.Blob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The trace store behind the facade: sites, liveness, re-entrancy, sweeping and concurrency. */
class TraceStoreTest {
    private static final int SITE = AllocationSites.register("java.util.HashMap", "resize", "HashMap.java", 704);

    @RegisterExtension
    final FakeAgent agent = FakeAgent.tracing();

    @AfterEach
    void resetCap() {
        Tracemalloc.setMaxTraces(Long.MAX_VALUE);
    }

    @Test
    void siteFramesUseThePackagePathAndTheSourceFile() {
        Object obj = agent.allocate(new Object(), SITE);
        assertEquals(List.of(new Frame("java/util/HashMap.java", 704, "java.util.HashMap", "resize")),
                Tracemalloc.getObjectTraceback(obj));

        int noSource = AllocationSites.register("com.example.Gen$1", "run", null, 0);
        Object generated = agent.allocate(new Object(), noSource);
        assertEquals(List.of(new Frame("<unknown>", 0, "com.example.Gen$1", "run")),
                Tracemalloc.getObjectTraceback(generated));

        int pathSource = AllocationSites.register("java.lang.invoke.BoundMethodHandle$Species_LL", "make",
                "java/lang/invoke/BoundMethodHandle$Species_LL", 0);
        Object species = agent.allocate(new Object(), pathSource);
        assertEquals(List.of(new Frame("java/lang/invoke/BoundMethodHandle$Species_LL", 0,
                        "java.lang.invoke.BoundMethodHandle$Species_LL", "make")),
                Tracemalloc.getObjectTraceback(species));

        int defaultPackage = AllocationSites.register("Main", "main", "Main.java", 3);
        Object top = agent.allocate(new Object(), defaultPackage);
        assertEquals("Main.java:3", Tracemalloc.getObjectTraceback(top).toString());
    }

    @Test
    void aFrameWithoutASourceFileGetsTheOneOfItsRewrittenClass() {
        // the JVM gives no source file for the frame of a method version replaced while it ran
        AllocationSites.register("com.example.Replaced", "other", "Replaced.java", 3);
        TracebackTable table = new TracebackTable();
        int replaced = table.frameId("com.example.Replaced", "loop", null, 12);
        int neverRewritten = table.frameId("com.example.Plain", "loop", null, 7);
        assertEquals(List.of(new Frame("<unknown>", 7, "com.example.Plain", "loop"),
                        new Frame("com/example/Replaced.java", 12, "com.example.Replaced", "loop")),
                List.copyOf(table.traceback(table.tracebackId(new int[] {replaced, neverRewritten}, 2))), "oldest first");
    }

    @Test
    void siteIdsAreDense() {
        int first = AllocationSites.register("a.A", "m", "A.java", 1);
        int second = AllocationSites.register("a.A", "m", "A.java", 2);
        assertEquals(first + 1, second);
        assertTrue(AllocationSites.count() > second);
    }

    @Test
    void anUnregisteredSiteGetsTheUnknownFrame() {
        Object obj = agent.allocate(new Object(), Integer.MAX_VALUE);
        assertEquals(List.of(new Frame("<unknown>", 0)), Tracemalloc.getObjectTraceback(obj));
    }

    @Test
    void collectedObjectsLeaveCurrentMemoryAndSnapshots() {
        List<Object> kept = new ArrayList<>();
        List<Object> dropped = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Blob blob = agent.allocate(new Blob(8 * (1 + i % 7)), SITE);
            (i % 3 == 0 ? kept : dropped).add(blob);
        }
        long keptBytes = kept.stream().mapToLong(o -> ((Blob) o).size()).sum();
        long droppedBytes = dropped.stream().mapToLong(o -> ((Blob) o).size()).sum();
        assertEquals(keptBytes + droppedBytes, Tracemalloc.getTracedMemory().current());

        WeakReference<Object> canary = new WeakReference<>(dropped.get(dropped.size() - 1));
        dropped = null;
        FakeAgent.collectUntilCleared(canary);

        assertEquals(new TracedMemory(keptBytes, keptBytes + droppedBytes), Tracemalloc.getTracedMemory());
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        assertEquals(kept.size(), snapshot.traces().size());
        assertEquals(keptBytes, snapshot.traces().stream().mapToLong(Trace::size).sum());
    }

    @Test
    void aSettledSnapshotHoldsOnlyTheLiveSetAndAPlainOneEveryUncollectedObject() {
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Object blob = agent.allocate(new Blob(64), SITE);
            if (i % 4 == 0) {
                kept.add(blob);
            }
        }
        Snapshot plain = Tracemalloc.takeSnapshot();
        assertFalse(plain.settled());
        assertTrue(plain.traces().size() >= kept.size());

        Snapshot settled = Tracemalloc.takeSettledSnapshot();
        assertTrue(settled.settled());
        assertEquals(kept.size(), settled.traces().size());
        assertEquals(kept.size() * 64L, settled.traces().stream().mapToLong(Trace::size).sum());
        assertEquals(kept.size(), TraceStore.traceCount(), "the store forgot the dead, as collectGarbage does");
        assertEquals(500, kept.size());
    }

    @Test
    void theStoresOwnAllocationsAreNeverRecorded() {
        // An agent whose sizeOf allocates through instrumented code, as JDK code called by the store would.
        List<Object> nested = new ArrayList<>();
        AgentBinding reentrant = new AgentBinding() {
            private volatile ObjIntConsumer<Object> sink;

            @Override
            public long sizeOf(Object object) {
                ObjIntConsumer<Object> s = sink;
                if (s != null) {
                    Object inner = new Object();
                    nested.add(inner);
                    s.accept(inner, SITE);
                    Tracemalloc.track(5, 99, 1000); // as the agent's native sink would, inside JDK code
                }
                return 16;
            }

            @Override
            public void connectHeapSink(ObjIntConsumer<Object> sink) {
                this.sink = sink;
            }
        };
        Tracemalloc.stop();
        AgentLink.bind(reentrant);
        Tracemalloc.start();
        Object outer = new Object();
        HeapRecorder.INSTANCE.accept(outer, SITE);
        assertEquals(1, nested.size());
        assertNull(Tracemalloc.getObjectTraceback(nested.get(0)));
        assertEquals(1, Tracemalloc.takeSnapshot().traces().size(), "neither the nested object nor the tracked block");
        assertEquals(16, Tracemalloc.getTracedMemory().current());
    }

    @Test
    void theSinkNeverThrowsIntoTheApplication() {
        AgentBinding broken = new AgentBinding() {
            @Override
            public long sizeOf(Object object) {
                throw new IllegalStateException("sizing failed");
            }

            @Override
            public void connectHeapSink(ObjIntConsumer<Object> sink) {}
        };
        Tracemalloc.stop();
        AgentLink.bind(broken);
        Tracemalloc.start();
        long errors = HeapRecorder.recordErrors();
        assertDoesNotThrow(() -> HeapRecorder.INSTANCE.accept(new Object(), SITE));
        assertEquals(errors + 1, HeapRecorder.recordErrors());
        assertEquals(0, Tracemalloc.takeSnapshot().traces().size());
    }

    @Test
    void tracesOfEndedThreadsAreKept() throws InterruptedException {
        ConcurrentLinkedQueue<Object> kept = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < 50; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 40; i++) {
                    kept.add(agent.allocate(new Blob(24), SITE));
                }
            });
            thread.start();
            thread.join();
        }
        WeakReference<Object> canary = new WeakReference<>(new Object());
        FakeAgent.collectUntilCleared(canary); // sweeps fold the ended threads' logs in
        assertEquals(2000L * 24, Tracemalloc.getTracedMemory().current());
        assertEquals(2000, Tracemalloc.takeSnapshot().traces().size());
        for (Object obj : kept) {
            assertTrue(Tracemalloc.getObjectTraceback(obj) != null);
        }
    }

    @Test
    void sweepingPacksSparseChunks() {
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            all.add(agent.allocate(new Blob(16), SITE));
        }
        long full = Tracemalloc.getTracemallocMemory();
        List<Object> survivors = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 10) {
            survivors.add(all.get(i));
        }
        WeakReference<Object> canary = new WeakReference<>(all.get(1));
        all = null;
        FakeAgent.collectUntilCleared(canary);
        assertEquals(survivors.size() * 16L, Tracemalloc.getTracedMemory().current());
        long packed = Tracemalloc.getTracemallocMemory();
        // 5 000 live handles (40 B each) in packed chunks, where 50 000 handles were
        assertTrue(packed < full / 5, packed + " after packing, " + full + " before");
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        assertEquals(survivors.size(), snapshot.traces().size());
        for (Object obj : survivors) {
            assertTrue(Tracemalloc.getObjectTraceback(obj) != null);
        }
    }

    @Test
    void pastTheCapAllocationsAreCountedNotTraced() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Tracemalloc.setMaxTraces(0));
        assertEquals("maxTraces must be at least 1, got 0", e.getMessage());

        Tracemalloc.setMaxTraces(100);
        List<Object> objects = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            objects.add(agent.allocate(new Blob(8), SITE));
        }
        Snapshot atCap = Tracemalloc.takeSnapshot();
        assertEquals(100, atCap.traces().size());
        assertEquals(50, TraceStore.droppedTraces());
        assertEquals(50, atCap.droppedTraces(), "the snapshot says how many were dropped");
        assertEquals(50, atCap.filterTraces(List.of(new org.jtracemalloc.Filter(false, "*"))).droppedTraces());
        assertEquals(800, Tracemalloc.getTracedMemory().current());

        // Collections make room again.
        WeakReference<Object> canary = new WeakReference<>(objects.get(0));
        objects.subList(0, 60).clear();
        FakeAgent.collectUntilCleared(canary);
        assertEquals(40, Tracemalloc.takeSnapshot().traces().size());
        for (int i = 0; i < 30; i++) {
            objects.add(agent.allocate(new Blob(8), SITE));
        }
        assertEquals(70, Tracemalloc.takeSnapshot().traces().size());
        assertEquals(50, TraceStore.droppedTraces());

        Tracemalloc.setMaxTraces(70); // lowering it applies at once
        agent.allocate(new Blob(8), SITE);
        assertEquals(51, TraceStore.droppedTraces());
        Tracemalloc.clearTraces();
        assertEquals(0, TraceStore.droppedTraces());
        assertEquals(0, Tracemalloc.takeSnapshot().droppedTraces(), "counted from the last clearTraces");
    }

    @Test
    void theTraceCountIsTheSnapshotsWithoutTakingOne() {
        assertEquals(Tracemalloc.takeSnapshot().traces().size(), TraceStore.traceCount());
        List<Object> kept = new ArrayList<>();
        List<Object> garbage = new ArrayList<>();
        for (int i = 0; i < 5000; i++) { // several chunks
            (i % 4 == 0 ? kept : garbage).add(agent.allocate(new Blob(16), SITE));
        }
        Tracemalloc.track(7, 1, 100);
        Tracemalloc.track(7, 2, 100);
        Tracemalloc.track(7, 1, 50); // replaces block 1
        assertEquals(5002, TraceStore.traceCount());
        assertEquals(Tracemalloc.takeSnapshot().traces().size(), TraceStore.traceCount());

        WeakReference<Object> canary = new WeakReference<>(garbage.get(garbage.size() - 1));
        garbage = null;
        FakeAgent.collectUntilCleared(canary);
        // The count sweeps first when a collection happened, as a snapshot does.
        assertEquals(kept.size() + 2, TraceStore.traceCount());
        assertEquals(kept.size() + 2, Tracemalloc.takeSnapshot().traces().size());

        Tracemalloc.untrack(7, 2);
        assertEquals(kept.size() + 1, TraceStore.traceCount());
        Tracemalloc.stop();
        assertEquals(0, TraceStore.traceCount());
    }

    @Test
    void theActiveSamplingIntervalIsTheRunningOnes() {
        assertEquals(0, TraceStore.activeSamplingInterval());
        try {
            Tracemalloc.setSamplingInterval(4096); // for the next start only
            assertEquals(0, TraceStore.activeSamplingInterval());
            assertEquals(0, Tracemalloc.takeSnapshot().samplingInterval());
            Tracemalloc.stop();
            assertEquals(4096, TraceStore.activeSamplingInterval(), "when not tracing: the next start's");
            Tracemalloc.start();
            assertEquals(4096, TraceStore.activeSamplingInterval());
        } finally {
            Tracemalloc.setSamplingInterval(0);
        }
    }

    @Test
    void theSweeperIsADaemonThread() {
        Thread sweeper = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("jtracemalloc-sweeper"))
                .findFirst()
                .orElseThrow();
        assertTrue(sweeper.isDaemon());
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        int threads = 8;
        int perThread = 25_000;
        List<List<Blob>> kept = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            kept.add(new ArrayList<>(perThread));
        }
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Blob> mine = kept.get(t);
            int seed = t;
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(agent.allocate(new Blob(8L * (1 + (i * 31 + seed) % 50)), SITE));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread observer = new Thread(() -> {
            try {
                int lastCount = 0;
                long lastCurrent = 0;
                int round = 0;
                while (!done.get()) {
                    int count = Tracemalloc.takeSnapshot().traces().size();
                    TracedMemory memory = Tracemalloc.getTracedMemory();
                    assertTrue(count >= lastCount, "nothing reachable disappears");
                    assertTrue(memory.current() >= lastCurrent && memory.peak() >= memory.current());
                    lastCount = count;
                    lastCurrent = memory.current();
                    if (++round % 5 == 0) {
                        System.gc(); // sweeps run concurrently with recording
                    }
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        observer.start();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        done.set(true);
        observer.join();
        assertTrue(failures.isEmpty(), () -> failures.toString());

        long expectedBytes = 0;
        Map<Object, Boolean> expected = new IdentityHashMap<>();
        for (List<Blob> list : kept) {
            for (Blob blob : list) {
                expectedBytes += blob.size();
                expected.put(blob, true);
            }
        }
        assertEquals(threads * perThread, expected.size());
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        assertEquals(threads * perThread, snapshot.traces().size());
        assertEquals(expectedBytes, snapshot.traces().stream().mapToLong(Trace::size).sum());
        TracedMemory memory = Tracemalloc.getTracedMemory();
        assertEquals(new TracedMemory(expectedBytes, expectedBytes), memory);
        Traceback one = Tracemalloc.getObjectTraceback(kept.get(3).get(perThread - 1));
        assertEquals("java/util/HashMap.java:704", one.toString());
    }

    @Test
    void stoppingAndStartingWhileThreadsRecordNeverFails() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long errorsBefore = HeapRecorder.recordErrors();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread worker = new Thread(() -> {
                try {
                    List<Object> mine = new ArrayList<>();
                    while (!done.get()) {
                        mine.add(agent.allocate(new Blob(16), SITE));
                        Tracemalloc.track(7, mine.size(), 8);
                        if (mine.size() == 10_000) {
                            mine.clear();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (int i = 0; i < 30; i++) {
            Tracemalloc.stop();
            Tracemalloc.start(1 + i % 3);
            Tracemalloc.takeSnapshot();
        }
        done.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        assertTrue(failures.isEmpty(), () -> failures.toString());
        assertEquals(errorsBefore, HeapRecorder.recordErrors());
        TracedMemory memory = Tracemalloc.getTracedMemory();
        long inSnapshot = Tracemalloc.takeSnapshot().traces().stream().mapToLong(Trace::size).sum();
        assertTrue(memory.current() >= 0 && memory.peak() >= memory.current(), memory.toString());
        assertTrue(inSnapshot <= memory.current(), inSnapshot + " in the snapshot, " + memory);
    }

    @Test
    void clearingWhileThreadsRecordKeepsCountsConsistent() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Object> kept = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<Object> mine = new ArrayList<>();
            synchronized (kept) {
                kept.add(mine);
            }
            Thread worker = new Thread(() -> {
                try {
                    while (!done.get()) {
                        mine.add(agent.allocate(new Blob(32), SITE));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (int i = 0; i < 50; i++) {
            Tracemalloc.clearTraces();
            TracedMemory memory = Tracemalloc.getTracedMemory();
            assertTrue(memory.current() >= 0 && memory.current() % 32 == 0, memory.toString());
        }
        done.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        assertTrue(failures.isEmpty(), () -> failures.toString());
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        long inSnapshot = snapshot.traces().stream().mapToLong(Trace::size).sum();
        assertEquals(inSnapshot, Tracemalloc.getTracedMemory().current(),
                "what the counters say is what the traces hold");
        assertTrue(kept.size() == 4);
    }
}
