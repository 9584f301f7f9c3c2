package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Port of CPython's {@code TestSnapshot} (test_tracemalloc.py, 3.11.7). */
class SnapshotTest {

    /** A raw trace: frames most recent first, as "file:line". */
    private static Trace trace(int domain, long size, int totalNframe, String... frames) {
        return new Trace(domain, size, new Traceback(frameList(frames), totalNframe));
    }

    private static List<Frame> frameList(String... frames) {
        List<Frame> list = new ArrayList<>();
        for (String frame : frames) {
            int colon = frame.lastIndexOf(':');
            list.add(new Frame(frame.substring(0, colon), Integer.parseInt(frame.substring(colon + 1))));
        }
        return list;
    }

    /** CPython's {@code traceback(*frames)}: frames most recent first, no total_nframe. */
    private static Traceback traceback(String... frames) {
        return new Traceback(frameList(frames));
    }

    private static Traceback tracebackFilename(String filename) {
        return traceback(filename + ":0");
    }

    // create_snapshots()
    private static final Trace A2 = trace(0, 10, 3, "a.py:2", "b.py:4");
    private static final Trace A5 = trace(1, 2, 3, "a.py:5", "b.py:4");
    private static final Trace B1 = trace(2, 66, 1, "b.py:1");
    private static final Trace UNKNOWN = trace(3, 7, 1, "<unknown>:0");
    private static final Snapshot SNAPSHOT = new Snapshot(List.of(A2, A2, A2, A5, B1, UNKNOWN), 2);
    private static final Snapshot SNAPSHOT2 = new Snapshot(List.of(A2, A2, A2,
            trace(2, 2, 3, "a.py:5", "b.py:4"), trace(2, 5000, 3, "a.py:5", "b.py:4"), trace(4, 400, 1, "c.py:578")), 2);

    @Test
    void createSnapshot() { // test_create_snapshot, without the mocked module functions
        Snapshot snapshot = new Snapshot(List.of(trace(0, 5, 10, "a.py:2")), 5);
        assertEquals(5, snapshot.tracebackLimit());
        assertEquals(1, snapshot.traces().size());
        Trace trace = snapshot.traces().get(0);
        assertEquals(5, trace.size());
        assertEquals(10, trace.traceback().totalNframe());
        assertEquals(1, trace.traceback().size());
        assertEquals("a.py", trace.traceback().get(0).filename());
        assertEquals(2, trace.traceback().get(0).lineno());
    }

    @Test
    void filterTraces() {
        Filter filter1 = new Filter(false, "b.py");
        Filter filter2 = new Filter(true, "a.py", 2, false, null);
        Filter filter3 = new Filter(true, "a.py", 5, false, null);
        List<Trace> original = List.copyOf(SNAPSHOT.traces());

        Snapshot snapshot3 = SNAPSHOT.filterTraces(List.of(filter1));
        assertEquals(List.of(A2, A2, A2, A5, UNKNOWN), snapshot3.traces());
        assertEquals(original, SNAPSHOT.traces()); // the original snapshot is untouched

        Snapshot snapshot4 = snapshot3.filterTraces(List.of(filter2, filter3));
        assertEquals(List.of(A2, A2, A2, A5), snapshot4.traces());

        Snapshot snapshot5 = SNAPSHOT.filterTraces(List.of());
        assertNotSame(SNAPSHOT, snapshot5);
        assertNotSame(SNAPSHOT.traces(), snapshot5.traces());
        assertEquals(SNAPSHOT.traces(), snapshot5.traces());
        // passing filter1 itself instead of a list does not compile: see GoldenVectorsTest.errors
    }

    @Test
    void filterTracesDomain() {
        List<Trace> kept = List.of(A2, A2, A2, B1, UNKNOWN);
        assertEquals(kept, SNAPSHOT.filterTraces(List.of(new Filter(false, "a.py", null, false, 1))).traces());
        // CPython's test reuses filter1 here (a bug); the inclusive filter keeps only a.py in domain 1
        assertEquals(List.of(A5), SNAPSHOT.filterTraces(List.of(new Filter(true, "a.py", null, false, 1))).traces());
    }

    @Test
    void filterTracesDomainFilter() {
        assertEquals(List.of(A2, A2, A2, A5, B1), SNAPSHOT.filterTraces(List.of(new DomainFilter(false, 3))).traces());
        assertEquals(List.of(UNKNOWN), SNAPSHOT.filterTraces(List.of(new DomainFilter(true, 3))).traces());
    }

    @Test
    void snapshotGroupByLine() {
        Traceback tb0 = traceback("<unknown>:0");
        Traceback tbA2 = traceback("a.py:2");
        Traceback tbA5 = traceback("a.py:5");
        Traceback tbB1 = traceback("b.py:1");
        Traceback tbC578 = traceback("c.py:578");

        assertEquals(List.of(new Statistic(tbB1, 66, 1), new Statistic(tbA2, 30, 3),
                new Statistic(tb0, 7, 1), new Statistic(tbA5, 2, 1)), SNAPSHOT.statistics("lineno"));
        assertEquals(List.of(new Statistic(tbA5, 5002, 2), new Statistic(tbC578, 400, 1),
                new Statistic(tbA2, 30, 3)), SNAPSHOT2.statistics("lineno"));
        assertEquals(List.of(
                new StatisticDiff(tbA5, 5002, 5000, 2, 1),
                new StatisticDiff(tbC578, 400, 400, 1, 1),
                new StatisticDiff(tbB1, 0, -66, 0, -1),
                new StatisticDiff(tb0, 0, -7, 0, -1),
                new StatisticDiff(tbA2, 30, 0, 3, 0)), SNAPSHOT2.compareTo(SNAPSHOT, "lineno"));
    }

    @Test
    void snapshotGroupByFile() {
        Traceback tb0 = tracebackFilename("<unknown>");
        Traceback tbA = tracebackFilename("a.py");
        Traceback tbB = tracebackFilename("b.py");
        Traceback tbC = tracebackFilename("c.py");

        assertEquals(List.of(new Statistic(tbB, 66, 1), new Statistic(tbA, 32, 4), new Statistic(tb0, 7, 1)),
                SNAPSHOT.statistics("filename"));
        assertEquals(List.of(new Statistic(tbA, 5032, 5), new Statistic(tbC, 400, 1)), SNAPSHOT2.statistics("filename"));
        assertEquals(List.of(
                new StatisticDiff(tbA, 5032, 5000, 5, 1),
                new StatisticDiff(tbC, 400, 400, 1, 1),
                new StatisticDiff(tbB, 0, -66, 0, -1),
                new StatisticDiff(tb0, 0, -7, 0, -1)), SNAPSHOT2.compareTo(SNAPSHOT, "filename"));
    }

    @Test
    void snapshotGroupByTraceback() {
        Traceback tb1 = traceback("a.py:2", "b.py:4");
        Traceback tb2 = traceback("a.py:5", "b.py:4");
        Traceback tb3 = traceback("b.py:1");
        Traceback tb4 = traceback("<unknown>:0");
        Traceback tb5 = traceback("c.py:578");

        assertEquals(List.of(new Statistic(tb3, 66, 1), new Statistic(tb1, 30, 3),
                new Statistic(tb4, 7, 1), new Statistic(tb2, 2, 1)), SNAPSHOT.statistics("traceback"));
        assertEquals(List.of(new Statistic(tb2, 5002, 2), new Statistic(tb5, 400, 1),
                new Statistic(tb1, 30, 3)), SNAPSHOT2.statistics("traceback"));
        assertEquals(List.of(
                new StatisticDiff(tb2, 5002, 5000, 2, 1),
                new StatisticDiff(tb5, 400, 400, 1, 1),
                new StatisticDiff(tb3, 0, -66, 0, -1),
                new StatisticDiff(tb4, 0, -7, 0, -1),
                new StatisticDiff(tb1, 30, 0, 3, 0)), SNAPSHOT2.compareTo(SNAPSHOT, "traceback"));

        assertThrows(IllegalArgumentException.class, () -> SNAPSHOT.statistics("traceback", true));
        assertThrows(IllegalArgumentException.class, () -> SNAPSHOT.statistics(KeyType.TRACEBACK, true));
    }

    @Test
    void statisticsKeysHaveNoTotalNframe() {
        for (Statistic statistic : SNAPSHOT.statistics("traceback")) {
            assertEquals(null, statistic.traceback().totalNframe());
        }
    }

    @Test
    void snapshotGroupByCumulative() {
        assertEquals(List.of(
                new Statistic(tracebackFilename("b.py"), 98, 5),
                new Statistic(tracebackFilename("a.py"), 32, 4),
                new Statistic(tracebackFilename("<unknown>"), 7, 1)), SNAPSHOT.statistics("filename", true));
        assertEquals(List.of(
                new Statistic(traceback("b.py:1"), 66, 1),
                new Statistic(traceback("b.py:4"), 32, 4),
                new Statistic(traceback("a.py:2"), 30, 3),
                new Statistic(traceback("<unknown>:0"), 7, 1),
                new Statistic(traceback("a.py:5"), 2, 1)), SNAPSHOT.statistics("lineno", true));
    }

    @Test
    void jvmMethodDetailDoesNotSplitLinenoGroups() {
        // two methods on one line (a lambda and its enclosing method): CPython groups by (file, line)
        Trace inMain = new Trace(0, 16, new Traceback(List.of(new Frame("com/x/Main.java", 12, "com.x.Main", "main"))));
        Trace inLambda = new Trace(0, 32, new Traceback(List.of(new Frame("com/x/Main.java", 12, "com.x.Main", "lambda$main$0"))));
        Snapshot snapshot = new Snapshot(List.of(inMain, inLambda), 1);
        assertEquals(List.of(new Statistic(traceback("com/x/Main.java:12"), 48, 2)), snapshot.statistics(KeyType.LINENO));
        assertEquals(List.of(new Statistic(traceback("com/x/Main.java:0"), 48, 2)), snapshot.statistics(KeyType.FILENAME));
        // the traceback key keeps the frames as they are
        assertEquals(2, snapshot.statistics(KeyType.TRACEBACK).size());
    }

    @Test
    void groupingIgnoresDomainAndTotalNframe() { // G14 of the semantics reference
        Snapshot snapshot = new Snapshot(List.of(trace(0, 10, 1, "a.py:1"), trace(0, 10, 5, "a.py:1"), trace(3, 10, 1, "a.py:1")), 1);
        assertEquals(List.of("<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=1>,)> size=30 count=3>"),
                snapshot.statistics("traceback").stream().map(Statistic::repr).toList());
        assertEquals(List.of("<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=1>,)> size=30 count=3>"),
                snapshot.statistics("lineno").stream().map(Statistic::repr).toList());
        assertEquals(List.of("<Statistic traceback=<Traceback (<Frame filename='a.py' lineno=0>,)> size=30 count=3>"),
                snapshot.statistics("filename").stream().map(Statistic::repr).toList());

        Snapshot sameFileTwice = new Snapshot(List.of(trace(0, 10, 2, "a.py:1", "a.py:2"), trace(0, 10, 1, "a.py:3")), 2);
        assertEquals(List.of("a.py:0: size=20 B, count=2, average=10 B"),
                sameFileTwice.statistics("filename").stream().map(Statistic::toString).toList());
        assertEquals(List.of("a.py:0: size=30 B, count=3, average=10 B"),
                sameFileTwice.statistics("filename", true).stream().map(Statistic::toString).toList());
    }

    @Test
    void filtersApplyTheDomainPerTraceEvenWhenTracebacksAreShared() {
        // the store hands out one Traceback instance per allocation site, whatever the domain
        Traceback shared = traceback("a.py:1");
        Trace heap = new Trace(0, 10, shared);
        Trace nativeBlock = new Trace(1, 20, shared);
        Snapshot snapshot = new Snapshot(List.of(heap, nativeBlock, heap), 1);
        assertEquals(List.of(nativeBlock), snapshot.filterTraces(List.of(new Filter(true, "a.py", null, false, 1))).traces());
        assertEquals(List.of(heap, heap), snapshot.filterTraces(List.of(new Filter(false, "a.py", null, false, 1))).traces());
        assertEquals(List.of(heap, heap), snapshot.filterTraces(List.of(new Filter(true, "a.py"), new DomainFilter(false, 1))).traces());
    }

    @Test
    void traceFormat() {
        Trace trace = SNAPSHOT.traces().get(0);
        assertEquals("b.py:4: 10 B", trace.toString());
        assertEquals("b.py:4", trace.traceback().toString());
        assertEquals("b.py:4", trace.traceback().get(0).toString());
    }

    @Test
    void statisticFormat() {
        assertEquals("b.py:1: size=66 B, count=1, average=66 B", SNAPSHOT.statistics("lineno").get(0).toString());
    }

    @Test
    void statisticDiffFormat() {
        assertEquals("a.py:5: size=5002 B (+5000 B), count=2 (+1), average=2501 B",
                SNAPSHOT2.compareTo(SNAPSHOT, "lineno").get(0).toString());
    }

    @Test
    void slices() {
        assertEquals(List.of(SNAPSHOT.traces().get(0), SNAPSHOT.traces().get(1)), SNAPSHOT.traces().subList(0, 2));
        Traceback traceback = SNAPSHOT.traces().get(0).traceback();
        assertEquals(List.of(traceback.get(0), traceback.get(1)), traceback.subList(0, 2));
    }

    @Test
    void formatTraceback() {
        SourceLines getline = (filename, lineno) -> "  <" + filename + ", " + lineno + ">";
        Traceback tb = SNAPSHOT.traces().get(0).traceback();
        assertEquals(List.of("  File \"b.py\", line 4", "    <b.py, 4>", "  File \"a.py\", line 2", "    <a.py, 2>"),
                tb.format(null, false, getline));
        assertEquals(List.of("  File \"a.py\", line 2", "    <a.py, 2>"), tb.format(1, false, getline));
        assertEquals(List.of("  File \"b.py\", line 4", "    <b.py, 4>"), tb.format(-1, false, getline));
        assertEquals(List.of("  File \"a.py\", line 2", "    <a.py, 2>", "  File \"b.py\", line 4", "    <b.py, 4>"),
                tb.format(null, true, getline));
        assertEquals(List.of("  File \"a.py\", line 2", "    <a.py, 2>"), tb.format(1, true, getline));
        assertEquals(List.of("  File \"b.py\", line 4", "    <b.py, 4>"), tb.format(-1, true, getline));
    }

    @Test
    void tracesPrintLikeCPython() {
        assertEquals("<Traces len=6>", SNAPSHOT.traces().toString());
        assertThrows(UnsupportedOperationException.class, () -> SNAPSHOT.traces().add(A2));
    }

    @Test
    void keyTypeErrors() {
        assertEquals("unknown key_type: 'Lineno'",
                assertThrows(IllegalArgumentException.class, () -> SNAPSHOT.statistics("Lineno")).getMessage());
        assertEquals("unknown key_type: None",
                assertThrows(IllegalArgumentException.class, () -> SNAPSHOT.statistics((String) null)).getMessage());
        assertEquals("unknown key_type: None",
                assertThrows(IllegalArgumentException.class, () -> SNAPSHOT.statistics((KeyType) null)).getMessage());
        // the unknown key type is reported before the cumulative misuse, as in CPython
        assertEquals("unknown key_type: 'foo'",
                assertThrows(IllegalArgumentException.class, () -> SNAPSHOT.statistics("foo", true)).getMessage());
        assertEquals("cumulative mode cannot by used with key type 'traceback'",
                assertThrows(IllegalArgumentException.class,
                        () -> SNAPSHOT.compareTo(SNAPSHOT2, KeyType.TRACEBACK, true)).getMessage());
    }

    @Test
    void emptyTracebacks() {
        Snapshot snapshot = new Snapshot(List.of(new Trace(0, 8, new Traceback(List.of()))), 1);
        // CPython's 'lineno' key is frames[:1], an empty traceback; 'filename' fails on frames[0]
        assertEquals(List.of(new Statistic(new Traceback(List.of()), 8, 1)), snapshot.statistics("lineno"));
        assertThrows(IndexOutOfBoundsException.class, () -> snapshot.statistics("filename"));
    }
}
