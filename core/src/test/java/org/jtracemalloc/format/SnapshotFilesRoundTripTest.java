package org.jtracemalloc.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jtracemalloc.Filter;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesRoundTripTest {
    @TempDir
    Path dir;

    static Traceback traceback(Integer totalNframe, Frame... mostRecentFirst) {
        return new Traceback(List.of(mostRecentFirst), totalNframe);
    }

    /** Same traces, in the same order, with every field of every frame and totalNframe. */
    static void assertSameSnapshot(Snapshot expected, Snapshot actual) {
        assertEquals(expected.tracebackLimit(), actual.tracebackLimit(), "tracebackLimit");
        assertEquals(expected.samplingInterval(), actual.samplingInterval(), "samplingInterval");
        assertEquals(expected.droppedTraces(), actual.droppedTraces(), "droppedTraces");
        assertEquals(expected.settled(), actual.settled(), "settled");
        assertEquals(expected.isAllocationSnapshot(), actual.isAllocationSnapshot(), "isAllocationSnapshot");
        assertEquals(expected.traces().size(), actual.traces().size(), "trace count");
        for (int i = 0; i < expected.traces().size(); i++) {
            Trace e = expected.traces().get(i);
            Trace a = actual.traces().get(i);
            assertEquals(e.domain(), a.domain(), "domain of trace " + i);
            assertEquals(e.size(), a.size(), "size of trace " + i);
            assertEquals(e.count(), a.count(), "count of trace " + i);
            assertEquals(e.traceback().totalNframe(), a.traceback().totalNframe(), "totalNframe of trace " + i);
            assertEquals(e.traceback().size(), a.traceback().size(), "depth of trace " + i);
            for (int j = 0; j < e.traceback().size(); j++) {
                Frame ef = e.traceback().get(j);
                Frame af = a.traceback().get(j);
                assertEquals(ef.filename(), af.filename());
                assertEquals(ef.lineno(), af.lineno());
                assertEquals(ef.className(), af.className());
                assertEquals(ef.methodName(), af.methodName());
            }
        }
    }

    private Snapshot roundTrip(Snapshot snapshot) throws IOException {
        Path file = dir.resolve("snapshot.bin");
        snapshot.dump(file);
        Snapshot loaded = Snapshot.load(file);
        assertSameSnapshot(snapshot, loaded);
        return loaded;
    }

    @Test
    void emptySnapshot() throws IOException {
        roundTrip(new Snapshot(List.of(), 1));
        roundTrip(new Snapshot(List.of(), 65535));
    }

    @Test
    void unicodeFilenamesAndNames() throws IOException {
        Frame supplementary = new Frame("pkg/\uD83D\uDE00smile\uD801\uDC37.java", 7, "pkg.\uD835\uDC9CClass", "m\u00E9thode");
        Frame cjk = new Frame("\u65E5\u672C/\u30D5\u30A1\u30A4\u30EB.java", 1, "\u65E5\u672C.K", "\u0000nul");
        Frame empty = new Frame("", 0, "", "");
        roundTrip(new Snapshot(List.of(
                new Trace(0, 10, traceback(null, supplementary, cjk)),
                new Trace(0, 20, traceback(null, empty))), 5));
    }

    @Test
    void nullClassAndMethodNames() throws IOException {
        roundTrip(new Snapshot(List.of(
                new Trace(0, 1, traceback(null, new Frame("a.py", 2), new Frame("b.py", 4, null, "m"))),
                new Trace(0, 2, traceback(null, new Frame("a.py", 2, "C", null)))), 3));
    }

    @Test
    void totalNframeNullAndSetStayDistinctThoughTracebacksAreEqual() throws IOException {
        Frame f = new Frame("a.java", 3, "A", "run");
        Snapshot loaded = roundTrip(new Snapshot(List.of(
                new Trace(0, 1, traceback(null, f)),
                new Trace(0, 1, traceback(0, f)),
                new Trace(0, 1, traceback(1, f)),
                new Trace(0, 1, traceback(65535, f)),
                new Trace(0, 1, traceback(Integer.MAX_VALUE, f)),
                new Trace(0, 1, traceback(-1, f)),
                new Trace(0, 1, traceback(null, f))), 1));
        assertSame(loaded.traces().get(0).traceback(), loaded.traces().get(6).traceback());
        assertNotSame(loaded.traces().get(0).traceback(), loaded.traces().get(1).traceback());
    }

    @Test
    void emptyTracebackAndNegativeOrHugeLinenos() throws IOException {
        roundTrip(new Snapshot(List.of(
                new Trace(0, 5, traceback(null)),
                new Trace(0, 5, traceback(3, new Frame("x", -1), new Frame("y", Integer.MAX_VALUE),
                        new Frame("z", Integer.MIN_VALUE)))), 0));
        roundTrip(new Snapshot(List.of(), -7));
    }

    @Test
    void manyDomainsAndExtremeSizes() throws IOException {
        Traceback tb = traceback(null, new Frame("d.java", 1));
        List<Trace> traces = new ArrayList<>();
        int[] domains = {0, 1, 2, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE, -1};
        long[] sizes = {0, 1, 127, 128, 1L << 32, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (int domain : domains) {
            for (long size : sizes) {
                traces.add(new Trace(domain, size, tb));
            }
        }
        for (int domain = 0; domain < 1000; domain++) {
            traces.add(new Trace(domain, domain * 3L, tb));
        }
        roundTrip(new Snapshot(traces, 1));
    }

    @Test
    void orderIsPreservedAcrossRunsAndInterleavedTracebacks() throws IOException {
        Traceback a = traceback(null, new Frame("a", 1));
        Traceback b = traceback(2, new Frame("b", 1), new Frame("c", 9));
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            traces.add(new Trace(i % 7 == 0 ? 1 : 0, i % 3 == 0 ? 8 : 16, i % 5 == 0 ? a : b));
            traces.add(new Trace(0, 32, a)); // alternating traceback with a fixed size per traceback
            if (i % 50 == 0) {
                for (int j = 0; j < 10; j++) {
                    traces.add(new Trace(2, 64, b)); // a run
                }
            }
        }
        roundTrip(new Snapshot(traces, 2));
    }

    @Test
    void samplingIntervalAndCountsSurvive() throws IOException {
        Traceback a = traceback(null, new Frame("a", 1));
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            traces.add(new Trace(0, 65560, a, 1366)); // a run of counted traces
        }
        traces.add(new Trace(0, 65560, a)); // same size, count 1: a new record
        traces.add(new Trace(0, 1L << 40, a, Long.MAX_VALUE));
        traces.add(new Trace(1, 65560, a, 2));
        Snapshot loaded = roundTrip(new Snapshot(traces, 1, 65536));
        assertEquals(traces, loaded.traces());
        roundTrip(new Snapshot(List.of(), 3, Long.MAX_VALUE));
    }

    @Test
    void theDroppedCountSurvivesWithOrWithoutSampling() throws IOException {
        List<Trace> traces = List.of(new Trace(0, 24, traceback(null, new Frame("a", 1))));
        assertEquals(111_000, roundTrip(new Snapshot(traces, 1, 0, 111_000)).droppedTraces());
        Snapshot sampled = roundTrip(new Snapshot(traces, 4, 524_288, Long.MAX_VALUE));
        assertEquals(524_288, sampled.samplingInterval());
        assertEquals(Long.MAX_VALUE, sampled.droppedTraces());
        assertEquals(0, roundTrip(new Snapshot(traces, 1, 65_536)).droppedTraces());
    }

    @Test
    void theSettledFlagSurvivesAndFilteringKeepsIt() throws IOException {
        List<Trace> traces = List.of(new Trace(0, 24, traceback(null, new Frame("a", 1))));
        Snapshot settled = roundTrip(new Snapshot(traces, 2, 0, 0, true, false));
        assertTrue(settled.settled());
        assertTrue(settled.filterTraces(List.of(new Filter(false, "a"))).settled());
        assertTrue(roundTrip(new Snapshot(traces, 2, 4096, 7, true, false)).settled());
        assertFalse(roundTrip(new Snapshot(traces, 2, 0, 7, false, false)).settled());
        byte[] bytes = dumpBytes(new Snapshot(traces, 3, 0, 0, true, false));
        int header = SnapshotFormat.MAGIC.length + 1;
        assertEquals(List.of(1, 4, 6, 0, 0, 1), List.of((int) bytes[header], (int) bytes[header + 1],
                (int) bytes[header + 2], (int) bytes[header + 3], (int) bytes[header + 4], (int) bytes[header + 5]),
                "tag 1, length 4, limit 3, sampling interval 0, dropped 0, settled 1");
    }

    @Test
    void anAllocationSnapshotSaysSoWithOrWithoutSamplingAndDrops() throws IOException {
        List<Trace> traces = List.of(new Trace(0, 2400, traceback(null, new Frame("a", 1)), 100));
        assertTrue(roundTrip(new Snapshot(traces, 1, 0, 0, false, true)).isAllocationSnapshot());
        Snapshot sampled = roundTrip(new Snapshot(traces, 2, 65_536, 7, false, true));
        assertTrue(sampled.isAllocationSnapshot());
        assertEquals(7, sampled.droppedTraces());
        byte[] bytes = dumpBytes(new Snapshot(traces, 3, 0, 0, false, true));
        int header = SnapshotFormat.MAGIC.length + 1;
        assertEquals(List.of(1, 5, 6, 0, 0, 0, 1), List.of((int) bytes[header], (int) bytes[header + 1],
                (int) bytes[header + 2], (int) bytes[header + 3], (int) bytes[header + 4], (int) bytes[header + 5],
                (int) bytes[header + 6]),
                "tag 1, length 5, limit 3, sampling interval 0, dropped 0, settled 0, trace kind 1");
    }

    @Test
    void aSnapshotWithoutDropsOrSamplingWritesTheOriginalHeader() throws IOException {
        // Exact snapshots that dropped nothing keep the header of the first version-1 files,
        // byte for byte: the traceback limit alone (its zigzag varint).
        List<Trace> traces = List.of(new Trace(0, 24, traceback(null, new Frame("a", 1))));
        byte[] plain = dumpBytes(new Snapshot(traces, 3));
        byte[] withDrops = dumpBytes(new Snapshot(traces, 3, 0, 5));
        int header = SnapshotFormat.MAGIC.length + 1; // magic, version 1
        assertEquals(List.of(1, 1, 6), List.of((int) plain[header], (int) plain[header + 1], (int) plain[header + 2]),
                "tag 1, length 1, limit 3");
        assertEquals(List.of(1, 3, 6, 0, 5), List.of((int) withDrops[header], (int) withDrops[header + 1],
                (int) withDrops[header + 2], (int) withDrops[header + 3], (int) withDrops[header + 4]),
                "tag 1, length 3, limit 3, sampling interval 0, dropped 5");
        assertEquals(plain.length + 2, withDrops.length);
    }

    private byte[] dumpBytes(Snapshot snapshot) throws IOException {
        Path file = dir.resolve("bytes.bin");
        snapshot.dump(file);
        return Files.readAllBytes(file);
    }

    @Test
    void equalTracebacksFromDistinctInstancesShareOneLoadedInstance() throws IOException {
        Snapshot loaded = roundTrip(new Snapshot(List.of(
                new Trace(0, 1, traceback(null, new Frame("a", 1), new Frame("b", 2))),
                new Trace(0, 2, traceback(null, new Frame("a", 1), new Frame("b", 2)))), 2));
        assertSame(loaded.traces().get(0).traceback(), loaded.traces().get(1).traceback());
    }

    @Test
    void dumpReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("snap");
        Files.writeString(file, "old content");
        Snapshot snapshot = new Snapshot(List.of(new Trace(0, 3, traceback(null, new Frame("f", 1)))), 1);
        snapshot.dump(file);
        assertSameSnapshot(snapshot, Snapshot.load(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void failedDumpLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), "x"); // a non-empty directory cannot be replaced
        Snapshot snapshot = new Snapshot(List.of(), 1);
        assertThrows(IOException.class, () -> snapshot.dump(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        assertEquals("x", Files.readString(target.resolve("keep")));
        assertThrows(IOException.class, () -> snapshot.dump(dir.resolve("missing-dir/snap")));
    }
}
