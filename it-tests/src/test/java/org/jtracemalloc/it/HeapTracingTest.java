package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.it.app.KnownAllocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent traces what a program allocates: sizes, counts, lines, tracebacks, release. */
class HeapTracingTest {
    private static final SourceMarkers SITES = SourceMarkers.of(KnownAllocations.class);
    /**
     * {@code byte[1000]}: 1000 bytes after a 16-byte array header (12 with JDK 25's compact
     * headers), aligned to 8 bytes, under the default flags of JDK 17 and 25.
     */
    private static final long BYTE_ARRAY_1000_SIZE = 1016;

    @Test
    void statisticsShowEachLineWithTheExactSizeAndCountAndReleaseAfterGc() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent(null).run(KnownAllocations.class, "lines");
        assertEquals(0, result.exitCode(), result::toString);

        long arraySize = result.number("arraySize");
        long payloadSize = result.number("payloadSize");
        assertEquals(BYTE_ARRAY_1000_SIZE, arraySize, result::toString);
        assertEquals(List.of(Long.toString(KnownAllocations.ARRAYS * arraySize), Long.toString(KnownAllocations.ARRAYS)),
                statisticOfLine(result, SITES.line("arrays")), result::toString);
        assertEquals(List.of(Long.toString(KnownAllocations.PAYLOADS * payloadSize), Long.toString(KnownAllocations.PAYLOADS)),
                statisticOfLine(result, SITES.line("payloads")), result::toString);

        assertEquals(List.of("allocate:" + SITES.line("arrays")), result.values("arrayTraceback"), result::toString);
        assertEquals(List.of("allocate:" + SITES.line("payloads")), result.values("payloadTraceback"), result::toString);

        assertEquals(0, result.number("remainingAfterGc"), result::toString);
        long released = KnownAllocations.ARRAYS * arraySize + KnownAllocations.PAYLOADS * payloadSize;
        assertTrue(result.number("tracedMemoryDrop") >= released,
                () -> "traced memory should drop by at least " + released + ": " + result);
    }

    @Test
    void nframe5GivesTheFiveFramesOfTheCallChainOldestFirst() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("nframe=5").run(KnownAllocations.class, "chain");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(
                "level1:" + SITES.line("level1"),
                "level2:" + SITES.line("level2"),
                "level3:" + SITES.line("level3"),
                "level4:" + SITES.line("level4"),
                "level5:" + SITES.line("level5")), result.values("chainTraceback"), result::toString);
        // the agent opened java.lang to the store, so these frames came from the VM backtrace, not a StackWalker walk
        assertEquals(List.of("true"), result.values("readsBacktraces"), result::toString);
    }

    @Test
    void dumpOnExitWritesASnapshotThatLoads(@TempDir Path directory) throws Exception {
        Path dump = directory.resolve("exit.tracemalloc");
        ForkedJvm.Result result = ForkedJvm.withAgent("dumpOnExit=" + dump).run(KnownAllocations.class, "keep");
        assertEquals(0, result.exitCode(), result::toString);

        Snapshot snapshot = Snapshot.load(dump);
        assertEquals(1, snapshot.tracebackLimit());
        Statistic arrays = statisticAt(snapshot, SITES.line("arrays"));
        assertEquals(KnownAllocations.ARRAYS, arrays.count());
        assertEquals(KnownAllocations.ARRAYS * BYTE_ARRAY_1000_SIZE, arrays.size());
        assertEquals(KnownAllocations.PAYLOADS, statisticAt(snapshot, SITES.line("payloads")).count());
    }

    private static List<String> statisticOfLine(ForkedJvm.Result result, int line) {
        return result.stdout().stream()
                .filter(text -> text.startsWith("statistic " + line + " "))
                .findFirst()
                .map(text -> List.of(text.split(" ")).subList(2, 4))
                .orElseThrow(() -> new AssertionError("no statistic for line " + line + ": " + result));
    }

    private static Statistic statisticAt(Snapshot snapshot, int line) {
        for (Statistic statistic : snapshot.statistics("lineno")) {
            Frame frame = statistic.traceback().get(0);
            if (frame.filename().equals(KnownAllocations.FILENAME) && frame.lineno() == line) {
                return statistic;
            }
        }
        throw new AssertionError("no statistic for " + KnownAllocations.FILENAME + ":" + line);
    }
}
