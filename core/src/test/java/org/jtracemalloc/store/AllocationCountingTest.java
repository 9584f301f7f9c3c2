package org.jtracemalloc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Allocations;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.FakeAgent.Blob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Tracemalloc#countAllocations}: allocated bytes of one thread, live or not, by site. */
class AllocationCountingTest {
    private static final int LIST_SITE = AllocationSites.register("com.example.Cache", "put", "Cache.java", 12);
    private static final int BUFFER_SITE = AllocationSites.register("com.example.Cache", "read", "Cache.java", 40);

    @RegisterExtension
    final FakeAgent agent = FakeAgent.tracing();

    @Test
    void countsEveryAllocationBySiteBiggestFirst() {
        List<Object> kept = new ArrayList<>();
        Allocations allocations = Tracemalloc.countAllocations(() -> {
            for (int i = 0; i < 3; i++) {
                kept.add(agent.allocate(new Blob(100), LIST_SITE));
            }
            agent.allocate(new Blob(1000), BUFFER_SITE); // garbage at once
        });
        assertEquals(1300, allocations.size());
        assertEquals(4, allocations.count());
        assertEquals(List.of("com/example/Cache.java:40: size=1000 B, count=1, average=1000 B",
                        "com/example/Cache.java:12: size=300 B, count=3, average=100 B"),
                allocations.statistics().stream().map(Statistic::toString).toList());
    }

    @Test
    void countsObjectsThatWereCollectedBeforeTheEnd() {
        Allocations allocations = Tracemalloc.countAllocations(() -> {
            WeakReference<Object> canary = new WeakReference<>(agent.allocate(new Blob(4096), BUFFER_SITE));
            FakeAgent.collectUntilCleared(canary);
        });
        assertEquals(4096, allocations.size());
        assertEquals(0, Tracemalloc.takeSnapshot().traces().size());
    }

    @Test
    void countsOnlyTheCallingThread() {
        Allocations allocations = Tracemalloc.countAllocations(() -> {
            Thread other = new Thread(() -> agent.allocate(new Blob(64), LIST_SITE));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(0, allocations.count());
        assertEquals(64, Tracemalloc.getTracedMemory().peak());
    }

    @Test
    void nothingIsCountedAfterTheCodeReturns() {
        Tracemalloc.countAllocations(() -> agent.allocate(new Blob(8), LIST_SITE));
        agent.allocate(new Blob(8), LIST_SITE);
        Allocations nothing = Tracemalloc.countAllocations(() -> {});
        assertEquals(0, nothing.size());
        assertEquals(List.of(), nothing.statistics());
    }

    @Test
    void theCodesExceptionPropagatesAndCountingStops() {
        IllegalArgumentException thrown = new IllegalArgumentException("boom");
        assertSame(thrown, assertThrows(IllegalArgumentException.class,
                () -> Tracemalloc.countAllocations(() -> {
                    throw thrown;
                })));
        assertEquals(0, Tracemalloc.countAllocations(() -> {}).count());
    }

    @Test
    void doesNotNest() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tracemalloc.countAllocations(() -> Tracemalloc.countAllocations(() -> {})));
        assertEquals("this thread is already counting its allocations (countAllocations does not nest)", e.getMessage());
    }

    @Test
    void needsTracing() {
        Tracemalloc.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tracemalloc.countAllocations(() -> {}));
        assertEquals("the tracemalloc module must be tracing memory allocations to count them", e.getMessage());
    }
}
