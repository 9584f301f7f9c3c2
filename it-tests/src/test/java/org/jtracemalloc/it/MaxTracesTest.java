package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.it.app.CappedAllocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maxTraces} with the real agent: the store stops growing at the cap, counts what it
 * dropped, and the MBean and the dumped snapshot say so.
 */
class MaxTracesTest {
    private static final int CAP = 5_000;
    private static final int CHUNK_SLACK = 1024;

    @TempDir
    Path dir;

    @Test
    void theStoreKeepsAtMostTheCapAndCountsTheRest() throws Exception {
        Path file = dir.resolve("capped.snapshot");
        ForkedJvm.Result result = ForkedJvm.withAgent("maxTraces=" + CAP).run(CappedAllocations.class, file.toString());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(CappedAllocations.KEPT, result.number("kept"), result::toString);
        // The store keeps the cap without a shared counter per allocation: threads reserve slots a
        // chunk at a time, so a chunk opened while a sweep counts may pass it by up to one chunk
        // (1024 slots, the documented slack); below it only by what collections freed since.
        long traces = result.number("traces");
        assertTrue(inCapRange(traces), result::toString);
        // At least the kept arrays beyond the cap were dropped (the JVM allocates more besides).
        long dropped = result.number("dropped");
        assertTrue(dropped >= CappedAllocations.KEPT - CAP, result::toString);

        // The MBean counts the traces without a snapshot, within the same range.
        assertEquals(CAP, result.number("mbeanMaxTraces"), result::toString);
        assertTrue(inCapRange(result.number("mbeanTraceCount")), result::toString);

        // The snapshot the MBean wrote carries the dropped count of its moment: at the cap, the
        // JMX calls' own allocations keep being dropped, so it lies between the MBean's readings.
        Snapshot snapshot = Snapshot.load(file);
        assertEquals(result.number("mbeanSnapshotTraces"), snapshot.traces().size(), result::toString);
        assertTrue(inCapRange(snapshot.traces().size()), result::toString);
        long before = result.number("mbeanDroppedBefore");
        long after = result.number("mbeanDroppedAfter");
        assertTrue(dropped <= before && before <= snapshot.droppedTraces() && snapshot.droppedTraces() <= after,
                () -> "snapshot dropped " + snapshot.droppedTraces() + "; " + result);
    }

    private static boolean inCapRange(long traces) {
        return traces <= CAP + CHUNK_SLACK && traces > CAP / 2;
    }
}
