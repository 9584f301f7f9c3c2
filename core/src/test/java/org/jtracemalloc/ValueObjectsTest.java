package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Port of CPython's {@code TestTraceback} and of the object protocol vectors (G7 of the semantics
 * reference): equality, hashing, ordering, indexing, str and repr of Frame, Traceback and Trace.
 */
class ValueObjectsTest {
    private static final Traceback TB = new Traceback(List.of(new Frame("a.py", 2), new Frame("b.py", 4)), 3);

    @Test
    void tracebackRepr() { // TestTraceback.test_repr
        assertEquals("<Traceback ()>", new Traceback(List.of()).repr());
        assertEquals("<Traceback () total_nframe=0>", new Traceback(List.of(), 0).repr());
        List<Frame> frames = List.of(new Frame("f1", 1), new Frame("f2", 2));
        String reprFrames = "(<Frame filename='f2' lineno=2>, <Frame filename='f1' lineno=1>)";
        assertEquals("<Traceback " + reprFrames + ">", new Traceback(frames).repr());
        assertEquals("<Traceback " + reprFrames + " total_nframe=2>", new Traceback(frames, 2).repr());
    }

    @Test
    void frameStrAndRepr() {
        Frame f = new Frame("a.py", 2);
        assertEquals("a.py", f.filename());
        assertEquals(2, f.lineno());
        assertNull(f.className());
        assertNull(f.methodName());
        assertEquals("a.py:2", f.toString());
        assertEquals("<Frame filename='a.py' lineno=2>", f.repr());
        assertEquals("<Frame filename=\"it's.py\" lineno=1>", new Frame("it's.py", 1).repr());
        assertEquals("<Frame filename='a\\\\b\\n.py' lineno=1>", new Frame("a\\b\n.py", 1).repr());
        assertEquals("a\\b\n.py:1", new Frame("a\\b\n.py", 1).toString());
        assertEquals("<Frame filename='\u00e9.py' lineno=1>", new Frame("\u00e9.py", 1).repr());
    }

    @Test
    void jvmFrameKeepsItsMethodOutOfStrButInRepr() {
        Frame f = new Frame("java/util/HashMap.java", 123, "java.util.HashMap", "put");
        assertEquals("java/util/HashMap.java:123", f.toString());
        assertEquals("<Frame filename='java/util/HashMap.java' lineno=123 className='java.util.HashMap' methodName='put'>",
                f.repr());
    }

    @Test
    void frameEqualityAndOrder() {
        Frame f = new Frame("a.py", 2);
        assertEquals(new Frame("a.py", 2), f);
        assertEquals(new Frame("a.py", 2).hashCode(), f.hashCode());
        assertNotEquals(new Frame("a.py", 2, "A", "m"), f);
        assertTrue(new Frame("a.py", 2).compareTo(new Frame("a.py", 10)) < 0);
        assertTrue(new Frame("a.py", 2).compareTo(new Frame("b.py", 1)) < 0);
        assertTrue(new Frame("B.py", 2).compareTo(new Frame("a.py", 1)) < 0);
        assertEquals(0, new Frame("a.py", 2).compareTo(new Frame("a.py", 2)));
        // className and methodName break ties, nulls first, so order agrees with equals
        assertTrue(f.compareTo(new Frame("a.py", 2, "A", "m")) < 0);
        assertTrue(new Frame("a.py", 2, "A", "m").compareTo(new Frame("a.py", 2, "A", "n")) < 0);
        assertTrue(new Frame("a.py", 2, "A", null).compareTo(new Frame("a.py", 2, "A", "m")) < 0);
    }

    @Test
    void filenamesCompareByCodePoint() { // vector U1: Python ranks U+FFFD below U+1F600
        Frame replacement = new Frame("\uFFFD.py", 1);
        Frame emoji = new Frame("\uD83D\uDE00.py", 1);
        assertTrue("\uFFFD.py".compareTo("\uD83D\uDE00.py") > 0, "String.compareTo uses UTF-16 units");
        assertTrue(replacement.compareTo(emoji) < 0);
        assertTrue(emoji.compareTo(replacement) > 0);
    }

    @Test
    void tracebackIsOldestFirst() {
        assertEquals(2, TB.size());
        assertEquals(new Frame("b.py", 4), TB.get(0));
        assertEquals(new Frame("a.py", 2), TB.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> TB.get(2));
        assertEquals(List.of(new Frame("b.py", 4)), TB.subList(0, 1));
        assertEquals(List.of(new Frame("b.py", 4), new Frame("a.py", 2)), new ArrayList<>(TB));
        assertEquals("b.py:4", TB.toString());
        assertEquals("b.py:4", TB.get(0).toString());
        assertEquals("<Traceback (<Frame filename='b.py' lineno=4>, <Frame filename='a.py' lineno=2>) total_nframe=3>", TB.repr());
        assertEquals(3, TB.totalNframe());
        assertNull(new Traceback(List.of(new Frame("a.py", 2))).totalNframe());
        assertEquals("<Traceback (<Frame filename='a.py' lineno=1>,) total_nframe=1>",
                new Traceback(List.of(new Frame("a.py", 1)), 1).repr());
    }

    @Test
    void tracebackIsReadOnly() {
        assertThrows(UnsupportedOperationException.class, () -> TB.add(new Frame("x", 1)));
        assertThrows(UnsupportedOperationException.class, () -> TB.set(0, new Frame("x", 1)));
        assertThrows(UnsupportedOperationException.class, () -> TB.remove(0));
    }

    @Test
    void tracebackSearch() {
        assertTrue(TB.contains(new Frame("a.py", 2)));
        assertFalse(TB.contains(new Frame("a.py", 3)));
        assertEquals(1, TB.indexOf(new Frame("a.py", 2)));
    }

    @Test
    void tracebackEqualityIgnoresTotalNframe() {
        List<Frame> same = List.of(new Frame("a.py", 2), new Frame("b.py", 4));
        assertEquals(new Traceback(same, 99), TB);
        assertEquals(new Traceback(same), TB);
        assertEquals(new Traceback(same).hashCode(), TB.hashCode());
        assertNotEquals(new Traceback(List.of(new Frame("b.py", 4), new Frame("a.py", 2))), TB);
        // a List of the same frames in the same order is equal, per the List contract
        assertEquals(List.of(new Frame("b.py", 4), new Frame("a.py", 2)), TB);
        assertEquals(List.of(new Frame("b.py", 4), new Frame("a.py", 2)).hashCode(), TB.hashCode());
    }

    private static Traceback tb(String file1, int line1, Object... more) { // most recent first
        List<Frame> frames = new ArrayList<>(List.of(new Frame(file1, line1)));
        for (int i = 0; i < more.length; i += 2) {
            frames.add(new Frame((String) more[i], (Integer) more[i + 1]));
        }
        return new Traceback(frames);
    }

    @Test
    void tracebackOrderComparesOldestFirst() {
        assertTrue(tb("a.py", 1).compareTo(tb("a.py", 2)) < 0);
        // oldest frames: a.py:9 vs b.py:1
        assertTrue(tb("z.py", 1, "a.py", 9).compareTo(tb("a.py", 1, "b.py", 1)) < 0);
        // oldest first (a.py:1) vs (a.py:0, a.py:1): the first frames decide
        assertTrue(tb("a.py", 1).compareTo(tb("a.py", 1, "a.py", 0)) > 0);
        // oldest first (a.py:1) vs (a.py:1, b.py:0): a proper prefix is smaller
        assertTrue(tb("a.py", 1).compareTo(tb("b.py", 0, "a.py", 1)) < 0);
        assertEquals(0, tb("a.py", 1).compareTo(new Traceback(List.of(new Frame("a.py", 1)), 7)));
    }

    @Test
    void emptyTracebackHasNoStr() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> new Traceback(List.of()).toString());
        assertEquals("tuple index out of range", e.getMessage());
    }

    @Test
    void traceEqualityIncludesTotalNframe() {
        Trace t = new Trace(0, 10, TB);
        assertEquals(0, t.domain());
        assertEquals(10, t.size());
        assertEquals(TB, t.traceback());
        assertEquals("b.py:4: 10 B", t.toString());
        assertEquals("<Trace domain=0 size=10 B, traceback=<Traceback (<Frame filename='b.py' lineno=4>, "
                + "<Frame filename='a.py' lineno=2>) total_nframe=3>>", t.repr());
        List<Frame> frames = List.of(new Frame("a.py", 2), new Frame("b.py", 4));
        assertEquals(new Trace(0, 10, new Traceback(frames, 3)), t);
        assertEquals(new Trace(0, 10, new Traceback(frames, 3)).hashCode(), t.hashCode());
        assertNotEquals(new Trace(0, 10, new Traceback(frames, 4)), t);
        assertNotEquals(new Trace(1, 10, new Traceback(frames, 3)), t);
        assertNotEquals(new Trace(0, 11, new Traceback(frames, 3)), t);
    }

    @Test
    void statisticEqualityIgnoresTotalNframeOfItsTraceback() {
        Statistic a = new Statistic(tb("a.py", 1), 10, 1);
        Statistic b = new Statistic(new Traceback(List.of(new Frame("a.py", 1)), 5), 10, 1);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new StatisticDiff(tb("a.py", 1), 10, 0, 1, 0));
    }

    @Test
    void formatAppendsTheJvmMethodWhenKnown() {
        Traceback jvm = new Traceback(List.of(
                new Frame("java/util/HashMap.java", 123, "java.util.HashMap", "put"),
                new Frame("com/example/Main.java", 7, null, null),
                new Frame("com/example/Main.java", 9, "com.example.Main", null)));
        assertEquals(List.of(
                "  File \"com/example/Main.java\", line 9",
                "  File \"com/example/Main.java\", line 7",
                "  File \"java/util/HashMap.java\", line 123, in java.util.HashMap.put"), jvm.format());
        assertEquals(List.of("  File \"java/util/HashMap.java\", line 123, in java.util.HashMap.put"), jvm.format(1));
    }

    @Test
    void formatStripsSourceLinesLikePython() {
        Traceback one = tb("A.java", 3);
        // Python's str.strip() also removes NBSP, U+001C and U+2003, but not U+200B
        assertEquals(List.of("  File \"A.java\", line 3", "    x"), one.format(null, false, (f, l) -> "\u00a0 x\t\u001c\u2003"));
        assertEquals(List.of("  File \"A.java\", line 3", "    \u200bx"), one.format(null, false, (f, l) -> " \u200bx "));
        assertEquals(List.of("  File \"A.java\", line 3"), one.format(null, false, (f, l) -> " \t "));
        assertEquals(List.of("  File \"A.java\", line 3"), one.format(null, false, SourceLines.NONE));
    }
}
