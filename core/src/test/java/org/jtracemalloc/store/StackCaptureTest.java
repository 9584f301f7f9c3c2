package org.jtracemalloc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.jtracemalloc.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deep tracebacks read from the VM's backtrace ({@link ThrowableBacktrace}, enabled here because
 * the tests run with java.lang open, as the agent arranges) name the same frames as a
 * {@link StackWalker} walk from the same place: same classes, methods, files and lines, the same
 * frames dropped (the machinery leading the stack, reflection), the same cut at the limit.
 */
class StackCaptureTest {
    private final TracebackTable table = new TracebackTable();
    private final StackCapture capture = new StackCapture();

    @BeforeAll
    static void enableBacktraces() {
        ThrowableBacktrace.enable();
        assertTrue(ThrowableBacktrace.enabled(), "HotSpot's backtrace layout was not recognised");
    }

    @Test
    void callerTracebackMatchesTheWalk() {
        for (int limit : new int[] {1, 2, 5, 16, 40}) {
            Captured c = nested(3, limit);
            assertEquals(c.expected, c.got, "limit " + limit);
            assertEquals(Math.min(limit, c.expectedAll), c.got.size());
        }
    }

    @Test
    void reflectionFramesAreDroppedAsTheWalkerDropsThem() throws Exception {
        Method m = StackCaptureTest.class.getDeclaredMethod("nested", int.class, int.class);
        Captured c = (Captured) m.invoke(this, 2, 16);
        assertEquals(c.expected, c.got);
        assertTrue(c.got.stream().noneMatch(f -> f.filename().contains("reflect")), c.got::toString);
    }

    @Test
    void allocationTracebackStartsAtTheSiteAndSkipsTheAllocatingMethod() {
        int site = AllocationSites.register("org.example.Alloc", "make", "Alloc.java", 42);
        List<Frame> got = allocateAt(site); List<Frame> here = walk(5);
        assertEquals(JvmFrames.frame("org.example.Alloc", "make", "Alloc.java", 42), got.get(0));
        assertEquals(here, got.subList(1, 6)); // allocateAt itself, the allocating method, is not there
    }

    @Test
    void aSiteReachedAgainThroughAnotherChainGetsItsOwnTraceback() {
        int site = AllocationSites.register("org.example.Alloc", "again", "Alloc.java", 7);
        for (int round = 0; round < 3; round++) {
            List<Frame> first = allocateAt(site); List<Frame> firstCaller = walk(5);
            List<Frame> viaHelper = allocateThroughHelper(site); List<Frame> helperCaller = walk(4);
            List<Frame> second = allocateAt(site); List<Frame> secondCaller = walk(5);
            assertEquals(firstCaller, first.subList(1, 6));
            assertEquals(helperCaller, viaHelper.subList(2, 6));
            assertEquals(secondCaller, second.subList(1, 6));
        }
        // the same chain twice: the same interned id
        int one = capture.allocationTraceback(table, site, 6); int two = capture.allocationTraceback(table, site, 6);
        assertEquals(one, two);
    }

    private List<Frame> allocateThroughHelper(int site) {
        return allocateAt(site);
    }

    @Test
    void framesAreInternedPerTable() {
        Captured first = nested(1, 8);
        TracebackTable other = new TracebackTable();
        int id = capture.callerTraceback(other, 8); List<Frame> again = frames(other, id); List<Frame> expected = walk(8);
        assertEquals(expected, again);
        assertEquals(first.got.subList(3, 8), again.subList(1, 6)); // the same callers, met through the per-class cache
    }

    private record Captured(List<Frame> got, List<Frame> expected, int expectedAll) {}

    private Captured nested(int depth, int limit) {
        if (depth > 0) {
            return nested(depth - 1, limit);
        }
        int id = capture.callerTraceback(table, limit); List<Frame> expected = walk(limit); int all = walk(10_000).size();
        return new Captured(frames(table, id), expected, all);
    }

    private List<Frame> allocateAt(int site) {
        return frames(table, capture.allocationTraceback(table, site, 6));
    }

    /** Most recent first, as the walk gives them (a {@code Traceback} lists the oldest first). */
    private static List<Frame> frames(TracebackTable table, int tracebackId) {
        List<Frame> frames = new ArrayList<>(table.traceback(tracebackId));
        Collections.reverse(frames);
        return frames;
    }

    /** What the walker sees from the caller of this method, up to {@code limit} frames. */
    private static List<Frame> walk(int limit) {
        return StackWalker.getInstance().walk(s -> s.skip(1).limit(limit)
                .map(f -> JvmFrames.frame(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber()))
                .collect(Collectors.toList()));
    }
}
