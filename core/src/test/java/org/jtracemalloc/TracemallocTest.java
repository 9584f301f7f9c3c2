package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.List;
import org.jtracemalloc.store.AllocationSites;
import org.jtracemalloc.store.FakeAgent;
import org.jtracemalloc.store.FakeAgent.Blob;
import org.jtracemalloc.store.AgentLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The facade, with CPython's TestTracemallocEnabled and TestCAPI cases that apply to the JVM. */
class TracemallocTest {
    private static final int SITE = AllocationSites.register("com.example.Alloc", "make", "Alloc.java", 42);
    private static final Frame SITE_FRAME = new Frame("com/example/Alloc.java", 42, "com.example.Alloc", "make");

    @RegisterExtension
    final FakeAgent agent = FakeAgent.bound();

    @Test
    void startValidatesTheLimitEvenWhileTracing() {
        for (int bad : new int[] {0, -1, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracemalloc.start(bad));
            assertEquals("the number of frames must be in range [1; 65535]", e.getMessage());
        }
        Tracemalloc.start(3);
        assertThrows(IllegalArgumentException.class, () -> Tracemalloc.start(0));
        assertTrue(Tracemalloc.isTracing());
        Tracemalloc.stop();
        Tracemalloc.start(65535);
        assertEquals(65535, Tracemalloc.getTracebackLimit());
    }

    @Test
    void startWhileTracingKeepsTheLimit() {
        Tracemalloc.start(3);
        Tracemalloc.start(10);
        assertEquals(3, Tracemalloc.getTracebackLimit());
        Tracemalloc.start();
        assertEquals(3, Tracemalloc.getTracebackLimit());
    }

    @Test
    void stopKeepsTheLimitAndTheLimitNeverThrows() {
        Tracemalloc.start(7);
        Tracemalloc.stop();
        assertFalse(Tracemalloc.isTracing());
        assertEquals(7, Tracemalloc.getTracebackLimit());
        Tracemalloc.start(1);
        assertEquals(1, Tracemalloc.getTracebackLimit());
    }

    @Test
    void isTracingFollowsStartAndStop() {
        assertFalse(Tracemalloc.isTracing());
        Tracemalloc.start();
        assertTrue(Tracemalloc.isTracing());
        assertTrue(agent.connected());
        Tracemalloc.stop();
        assertFalse(Tracemalloc.isTracing());
        assertFalse(agent.connected());
    }

    @Test
    void startWithoutAnAgentSaysHowToLoadIt() {
        AgentLink.bind(null);
        IllegalStateException e = assertThrows(IllegalStateException.class, Tracemalloc::start);
        assertTrue(e.getMessage().contains("-javaagent:/path/to/jtracemalloc-agent.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("class path"), e.getMessage());
        assertFalse(Tracemalloc.isTracing());
    }

    @Test
    void objectTracebackIsTheAllocationSite() {
        Tracemalloc.start();
        Object obj = agent.allocate(new Object(), SITE);
        Traceback traceback = Tracemalloc.getObjectTraceback(obj);
        assertEquals(new Traceback(List.of(SITE_FRAME)), traceback);
        assertNull(traceback.totalNframe());
        assertNull(Tracemalloc.getObjectTraceback(new Object()), "never traced");
        Tracemalloc.stop();
        assertNull(Tracemalloc.getObjectTraceback(obj), "not tracing");
    }

    @Test
    void settingsAndCountsAreReachedThroughTheFacade() {
        long maxMemory = Tracemalloc.getMaxMemory();
        try {
            Tracemalloc.setSamplingInterval(4096);
            assertEquals(4096, Tracemalloc.getSamplingInterval(), "the next start's, while not tracing");
            Tracemalloc.setSamplingInterval(0);
            Tracemalloc.start();
            Tracemalloc.setSamplingInterval(8192);
            assertEquals(0, Tracemalloc.getSamplingInterval(), "tracing in progress keeps its interval");
            Tracemalloc.setSamplingInterval(0);

            Tracemalloc.setMaxTraces(1);
            assertEquals(1, Tracemalloc.getMaxTraces());
            Object kept = agent.allocate(new Blob(64), SITE);
            Object dropped = agent.allocate(new Blob(64), SITE);
            assertEquals(1, Tracemalloc.getTraceCount());
            assertEquals(1, Tracemalloc.getDroppedTraces());
            assertNotNull(Tracemalloc.getObjectTraceback(kept));
            assertNull(Tracemalloc.getObjectTraceback(dropped));

            Tracemalloc.setMaxMemory(64 << 20);
            assertEquals(64 << 20, Tracemalloc.getMaxMemory());
            assertThrows(IllegalArgumentException.class, () -> Tracemalloc.setMaxMemory(1024));
            assertThrows(IllegalArgumentException.class, () -> Tracemalloc.setMaxTraces(0));
            assertThrows(IllegalArgumentException.class, () -> Tracemalloc.setSamplingInterval(-1));
        } finally {
            Tracemalloc.setMaxTraces(Long.MAX_VALUE);
            Tracemalloc.setMaxMemory(maxMemory);
            Tracemalloc.setSamplingInterval(0);
        }
    }

    @Test
    void clearTracesForgetsObjectsAndMemory() {
        Tracemalloc.start();
        Object obj = agent.allocate(new Blob(1024), SITE);
        assertNotNull(Tracemalloc.getObjectTraceback(obj));
        Tracemalloc.clearTraces();
        assertNull(Tracemalloc.getObjectTraceback(obj));
        assertEquals(new TracedMemory(0, 0), Tracemalloc.getTracedMemory());
        assertTrue(Tracemalloc.isTracing());
        Object later = agent.allocate(new Blob(64), SITE);
        assertEquals(new TracedMemory(64, 64), Tracemalloc.getTracedMemory());
        assertNotNull(Tracemalloc.getObjectTraceback(later));
    }

    @Test
    void tracedMemoryDropsByExactlyWhatTheCollectorReclaimed() {
        Tracemalloc.start();
        Object kept = agent.allocate(new Blob(4096), SITE);
        Object dropped = agent.allocate(new Blob(1 << 20), SITE);
        TracedMemory before = Tracemalloc.getTracedMemory();
        assertEquals(new TracedMemory(4096 + (1 << 20), 4096 + (1 << 20)), before);

        WeakReference<Object> canary = new WeakReference<>(dropped);
        dropped = null;
        FakeAgent.collectUntilCleared(canary);

        TracedMemory after = Tracemalloc.getTracedMemory();
        assertEquals(4096, after.current());
        assertEquals(before.peak(), after.peak(), "freeing never lowers the peak");
        assertNotNull(Tracemalloc.getObjectTraceback(kept));

        Tracemalloc.clearTraces();
        assertEquals(new TracedMemory(0, 0), Tracemalloc.getTracedMemory());
        agent.allocate(new Blob(8), SITE);
        Tracemalloc.stop();
        assertEquals(new TracedMemory(0, 0), Tracemalloc.getTracedMemory());
    }

    @Test
    void resetPeakSetsThePeakToCurrent() {
        Tracemalloc.start();
        Object kept = agent.allocate(new Blob(1000 * 8), SITE);
        Object temporary = agent.allocate(new Blob(1 << 20), SITE);
        long peak1 = Tracemalloc.getTracedMemory().peak();
        WeakReference<Object> canary = new WeakReference<>(temporary);
        temporary = null;
        FakeAgent.collectUntilCleared(canary);

        Tracemalloc.resetPeak();
        TracedMemory reset = Tracemalloc.getTracedMemory();
        assertEquals(8000, reset.current());
        assertEquals(8000, reset.peak());
        assertTrue(reset.peak() < peak1);

        Object more = agent.allocate(new Blob(1 << 20), SITE);
        assertEquals(8000 + (1 << 20), Tracemalloc.getTracedMemory().peak());
        assertNotNull(kept);
        assertNotNull(more);
    }

    @Test
    void resetPeakIsANoOpWhenNotTracing() {
        Tracemalloc.resetPeak();
        assertEquals(new TracedMemory(0, 0), Tracemalloc.getTracedMemory());
    }

    @Test
    void tracemallocMemoryIsPositiveAndShrinksOnClear() {
        assertTrue(Tracemalloc.getTracemallocMemory() > 0, "not tracing");
        Tracemalloc.start();
        Object[] objects = new Object[1000];
        for (int i = 0; i < objects.length; i++) {
            objects[i] = agent.allocate(new Blob(32), SITE);
        }
        long full = Tracemalloc.getTracemallocMemory();
        assertTrue(full >= 40L * objects.length, "at least the liveness handles: " + full);
        Tracemalloc.clearTraces();
        long cleared = Tracemalloc.getTracemallocMemory();
        assertTrue(cleared > 0 && cleared <= full, cleared + " after clear, " + full + " before");
    }

    @Test
    void snapshotRequiresTracing() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Tracemalloc::takeSnapshot);
        assertEquals("the tracemalloc module must be tracing memory allocations to take a snapshot", e.getMessage());
    }

    @Test
    void snapshotHasTheLiveTracesAndTheLimit() {
        Tracemalloc.start(4);
        Object[] kept = new Object[2];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = agent.allocate(new Blob(24 + 16 * i), SITE);
        }
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        assertEquals(4, snapshot.tracebackLimit());
        assertEquals(2, snapshot.traces().size());
        long total = 0;
        for (Trace trace : snapshot.traces()) {
            assertEquals(Tracemalloc.HEAP_DOMAIN, trace.domain());
            total += trace.size();
        }
        assertEquals(64, total);
        assertSame(snapshot.traces().get(0).traceback(), snapshot.traces().get(1).traceback(),
                "identical tracebacks are one interned object");
        assertNotNull(kept);
    }

    @Test
    void deepTracebacksFollowTheRealCallChain() {
        Tracemalloc.start(3);
        int[] lines = new int[2];
        lines[0] = new Throwable().getStackTrace()[0].getLineNumber(); Object obj = outer(lines);
        Traceback traceback = Tracemalloc.getObjectTraceback(obj);
        String file = "org/jtracemalloc/TracemallocTest.java";
        String cls = TracemallocTest.class.getName();
        // oldest first: the test method, outer (calling inner), then the allocation site in inner
        assertEquals(List.of(
                        new Frame(file, lines[0], cls, "deepTracebacksFollowTheRealCallChain"),
                        new Frame(file, lines[1], cls, "outer"),
                        SITE_FRAME),
                traceback);
    }

    private Object outer(int[] lines) {
        lines[1] = new Throwable().getStackTrace()[0].getLineNumber(); return inner();
    }

    /** An instrumented method: the fake site stands for its allocation instruction. */
    private Object inner() {
        Object obj = new Object();
        agent.sink().accept(obj, SITE);
        return obj;
    }

    @Test
    void overloadsCallingAtTheSameBytecodeIndexKeepTheirOwnLines() {
        Tracemalloc.start(2);
        Frame viaInt = Tracemalloc.getObjectTraceback(via(1)).get(0);
        Frame viaString = Tracemalloc.getObjectTraceback(via("1")).get(0);
        assertEquals("via", viaInt.methodName());
        assertEquals("via", viaString.methodName());
        assertEquals(viaInt.lineno() + 1, viaString.lineno(), "declared on consecutive lines");
    }

    private Object via(int ignored) { return inner(); }
    private Object via(String ignored) { return inner(); }

    @Test
    void deepTracebackStopsAtTheLimit() {
        Tracemalloc.start(2);
        int[] lines = new int[2];
        Traceback traceback = Tracemalloc.getObjectTraceback(outer(lines));
        assertEquals(2, traceback.size());
        assertEquals(SITE_FRAME, traceback.get(1));
        assertEquals("outer", traceback.get(0).methodName());
    }

    @Test
    void trackTracesTheCallerAndReplacesOnRetrack() {
        Tracemalloc.start(5);
        int line = new Throwable().getStackTrace()[0].getLineNumber(); assertTrue(Tracemalloc.track(5, 0x1000, 123));
        Frame caller = new Frame("org/jtracemalloc/TracemallocTest.java", line, TracemallocTest.class.getName(),
                "trackTracesTheCallerAndReplacesOnRetrack");
        List<Trace> traces = tracesOfDomain(5);
        assertEquals(1, traces.size());
        assertEquals(123, traces.get(0).size());
        Traceback traceback = traces.get(0).traceback();
        assertEquals(caller, traceback.get(traceback.size() - 1), "the most recent frame is the caller of track");
        assertEquals(123, Tracemalloc.getTracedMemory().current());

        int retrackLine = new Throwable().getStackTrace()[0].getLineNumber(); Tracemalloc.track(5, 0x1000, 200);
        traces = tracesOfDomain(5);
        assertEquals(1, traces.size());
        assertEquals(200, traces.get(0).size());
        Traceback retracked = traces.get(0).traceback();
        assertEquals(retrackLine, retracked.get(retracked.size() - 1).lineno());
        assertEquals(new TracedMemory(200, 200), Tracemalloc.getTracedMemory());

        assertTrue(Tracemalloc.track(6, 0x1000, 50), "same id in another domain is another block");
        assertEquals(250, Tracemalloc.getTracedMemory().current());
    }

    @Test
    void untrackForgetsTheBlockAndToleratesRepeats() {
        Tracemalloc.start();
        Tracemalloc.track(Tracemalloc.NATIVE_DOMAIN, 77, 4096);
        assertTrue(Tracemalloc.untrack(Tracemalloc.NATIVE_DOMAIN, 77));
        assertTrue(tracesOfDomain(Tracemalloc.NATIVE_DOMAIN).isEmpty());
        assertEquals(new TracedMemory(0, 4096), Tracemalloc.getTracedMemory());
        assertTrue(Tracemalloc.untrack(Tracemalloc.NATIVE_DOMAIN, 77));
        assertTrue(Tracemalloc.untrack(99, 77), "never tracked");
    }

    @Test
    void trackAndUntrackFailWhenNotTracing() {
        assertFalse(Tracemalloc.track(5, 1, 10));
        Tracemalloc.start();
        Tracemalloc.track(5, 1, 10);
        Tracemalloc.stop();
        assertFalse(Tracemalloc.track(5, 1, 10));
        assertFalse(Tracemalloc.untrack(5, 1));
        Tracemalloc.start();
        assertTrue(tracesOfDomain(5).isEmpty(), "stop dropped the tracked block");
    }

    @Test
    void trackRejectsNegativeSizes() {
        Tracemalloc.start();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracemalloc.track(5, 1, -1));
        assertEquals("size must be >= 0, got -1", e.getMessage());
    }

    @Test
    void peakIsTheHighestCurrentEverReached() {
        Tracemalloc.start();
        Tracemalloc.track(5, 1, 100);
        Tracemalloc.track(5, 2, 50);
        Tracemalloc.untrack(5, 1);
        assertEquals(new TracedMemory(50, 150), Tracemalloc.getTracedMemory());
        Tracemalloc.track(5, 2, 10); // shrinks: the old 150 stays the peak
        Tracemalloc.track(5, 3, 30);
        assertEquals(new TracedMemory(40, 150), Tracemalloc.getTracedMemory());
        Object blob = agent.allocate(new Blob(200), SITE);
        assertEquals(new TracedMemory(240, 240), Tracemalloc.getTracedMemory());
        Tracemalloc.resetPeak();
        Tracemalloc.untrack(5, 3);
        assertEquals(new TracedMemory(210, 240), Tracemalloc.getTracedMemory());
        assertNotNull(blob);
    }

    private static List<Trace> tracesOfDomain(int domain) {
        return Tracemalloc.takeSnapshot().traces().stream().filter(t -> t.domain() == domain).toList();
    }
}
