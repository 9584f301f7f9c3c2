package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Replays every vector of {@code tracemalloc-golden.json} (CPython 3.11.7 output): each printed
 * string must be equal, character for character.
 */
class GoldenVectorsTest {
    private static final Map<String, Snapshot> SNAPSHOTS = Golden.snapshots();

    private static Stream<JsonNode> vectors(String section) {
        return StreamSupport.stream(Golden.root().get(section).spliterator(), false);
    }

    private static String call(String receiver, String method, String keyType, boolean cumulative, String old) {
        String args = (old == null ? "" : old + ", ") + "'" + keyType + "'" + (cumulative ? ", cumulative=True" : "");
        return receiver + "." + method + "(" + args + ")";
    }

    /** The golden traceback, listed oldest first, as a Traceback (whose constructor takes most recent first). */
    private static Traceback oldestFirst(JsonNode frames) {
        List<Frame> list = Golden.frames(frames);
        Collections.reverse(list);
        return new Traceback(list);
    }

    @TestFactory
    Stream<DynamicTest> statistics() {
        return vectors("statistics").map(v -> dynamicTest(
                call(v.get("snapshot").asText(), "statistics", v.get("key_type").asText(), v.get("cumulative").asBoolean(), null),
                () -> {
                    Snapshot snapshot = SNAPSHOTS.get(v.get("snapshot").asText());
                    List<Statistic> stats = snapshot.statistics(v.get("key_type").asText(), v.get("cumulative").asBoolean());
                    JsonNode expected = v.get("result");
                    assertEquals(Golden.field(expected, "str"), stats.stream().map(Statistic::toString).toList());
                    assertEquals(Golden.field(expected, "repr"), stats.stream().map(Statistic::repr).toList());
                    List<Statistic> expectedStats = new ArrayList<>();
                    expected.forEach(e -> expectedStats.add(new Statistic(
                            oldestFirst(e.get("traceback")), e.get("size").asLong(), e.get("count").asLong())));
                    assertEquals(expectedStats, stats);
                    // the same through the enum overload
                    KeyType keyType = KeyType.fromPythonName(v.get("key_type").asText());
                    assertEquals(stats, snapshot.statistics(keyType, v.get("cumulative").asBoolean()));
                }));
    }

    @TestFactory
    Stream<DynamicTest> compareTo() {
        return vectors("compare_to").map(v -> dynamicTest(
                call(v.get("new").asText(), "compare_to", v.get("key_type").asText(), v.get("cumulative").asBoolean(),
                        v.get("old").asText()),
                () -> {
                    Snapshot newer = SNAPSHOTS.get(v.get("new").asText());
                    Snapshot older = SNAPSHOTS.get(v.get("old").asText());
                    List<StatisticDiff> diffs = newer.compareTo(older, v.get("key_type").asText(), v.get("cumulative").asBoolean());
                    JsonNode expected = v.get("result");
                    assertEquals(Golden.field(expected, "str"), diffs.stream().map(StatisticDiff::toString).toList());
                    assertEquals(Golden.field(expected, "repr"), diffs.stream().map(StatisticDiff::repr).toList());
                    List<StatisticDiff> expectedDiffs = new ArrayList<>();
                    expected.forEach(e -> expectedDiffs.add(new StatisticDiff(oldestFirst(e.get("traceback")),
                            e.get("size").asLong(), e.get("size_diff").asLong(), e.get("count").asLong(), e.get("count_diff").asLong())));
                    assertEquals(expectedDiffs, diffs);
                    KeyType keyType = KeyType.fromPythonName(v.get("key_type").asText());
                    assertEquals(diffs, newer.compareTo(older, keyType, v.get("cumulative").asBoolean()));
                }));
    }

    @TestFactory
    Stream<DynamicTest> filterTraces() {
        return vectors("filter_traces").map(v -> dynamicTest(
                v.get("snapshot").asText() + ".filter_traces(" + v.get("filters") + ")",
                () -> {
                    Snapshot snapshot = SNAPSHOTS.get(v.get("snapshot").asText());
                    List<BaseFilter> filters = new ArrayList<>();
                    v.get("filters").forEach(spec -> filters.add(Golden.filter(spec)));
                    Snapshot filtered = snapshot.filterTraces(filters);
                    // Trace equality covers domain, size, frames and total_nframe: CPython's raw tuple
                    assertEquals(Golden.traces(v.get("result_raw_traces")), filtered.traces());
                    assertEquals(snapshot.tracebackLimit(), filtered.tracebackLimit());
                    assertEquals(Golden.strings(v.get("result_lineno_statistics_str")),
                            filtered.statistics("lineno").stream().map(Statistic::toString).toList());
                }));
    }

    @TestFactory
    Stream<DynamicTest> formatSize() {
        return vectors("format_size").map(v -> dynamicTest(
                "_format_size(" + v.get("value") + ", " + (v.get("sign").asBoolean() ? "True" : "False") + ")",
                () -> assertEquals(v.get("result").asText(),
                        SizeFormat.format(v.get("value").asDouble(), v.get("sign").asBoolean()))));
    }

    /** What the vectors' mocked {@code linecache.getline} returns, as in CPython's test_format_traceback. */
    private static final SourceLines MOCK_GETLINE = (filename, lineno) -> "  <" + filename + ", " + lineno + ">";

    @TestFactory
    Stream<DynamicTest> tracebackFormat() {
        return vectors("traceback_format").map(v -> {
            Integer limit = v.get("limit").isNull() ? null : v.get("limit").asInt();
            boolean mostRecentFirst = v.get("most_recent_first").asBoolean();
            String name = v.get("traceback").asText() + ".format(limit=" + (limit == null ? "None" : limit)
                    + ", most_recent_first=" + (mostRecentFirst ? "True" : "False") + ")";
            return dynamicTest(name, () -> {
                Traceback traceback = Golden.traceback(v.get("raw_frames_most_recent_first"), v.get("total_nframe"));
                String getline = v.get("getline").asText();
                List<String> lines;
                if (getline.equals("mock: '  <%s, %s>' % (filename, lineno)")) {
                    lines = traceback.format(limit, mostRecentFirst, MOCK_GETLINE);
                } else if (getline.equals("real linecache (files do not exist -> '')")) {
                    // the JVM has no linecache: the plain overloads print no source line
                    lines = traceback.format(limit, mostRecentFirst);
                    if (!mostRecentFirst) {
                        assertEquals(lines, traceback.format(limit));
                        if (limit == null) {
                            assertEquals(lines, traceback.format());
                        }
                    }
                } else {
                    throw new AssertionError("unknown getline mode in golden vectors: " + getline);
                }
                assertEquals(Golden.strings(v.get("result")), lines);
            });
        });
    }

    /** Python's repr(): the repr() of this package's objects; _Traces' repr is its str. */
    private static String repr(Object value) {
        if (value instanceof Frame f) {
            return f.repr();
        } else if (value instanceof Traceback t) {
            return t.repr();
        } else if (value instanceof Trace t) {
            return t.repr();
        } else if (value instanceof Statistic s) {
            return s.repr();
        } else if (value instanceof StatisticDiff d) {
            return d.repr();
        }
        return value.toString();
    }

    private static Traceback tb(Object... fileLinePairsMostRecentFirst) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < fileLinePairsMostRecentFirst.length; i += 2) {
            frames.add(new Frame((String) fileLinePairsMostRecentFirst[i], (Integer) fileLinePairsMostRecentFirst[i + 1]));
        }
        return new Traceback(frames);
    }

    /** Each Python expression of the "objects" vectors, written in Java. */
    private static final Map<String, Supplier<Object>> OBJECTS = new LinkedHashMap<>();

    static {
        OBJECTS.put("Frame(('a.py', 2))", () -> new Frame("a.py", 2));
        OBJECTS.put("Frame((\"it's.py\", 1))", () -> new Frame("it's.py", 1));
        OBJECTS.put("Traceback(())", () -> new Traceback(List.of()));
        OBJECTS.put("Traceback((), 0)", () -> new Traceback(List.of(), 0));
        OBJECTS.put("Traceback((('f1', 1), ('f2', 2)))", () -> tb("f1", 1, "f2", 2));
        OBJECTS.put("Traceback((('f1', 1), ('f2', 2)), 2)",
                () -> new Traceback(List.of(new Frame("f1", 1), new Frame("f2", 2)), 2));
        OBJECTS.put("Traceback((('a.py', 2), ('b.py', 4)), 3)",
                () -> new Traceback(List.of(new Frame("a.py", 2), new Frame("b.py", 4)), 3));
        OBJECTS.put("Trace((0, 10, (('a.py', 2), ('b.py', 4)), 3))",
                () -> new Trace(0, 10, new Traceback(List.of(new Frame("a.py", 2), new Frame("b.py", 4)), 3)));
        OBJECTS.put("Trace((7, 123456, (('x.py', 1),), 1))",
                () -> new Trace(7, 123456, new Traceback(List.of(new Frame("x.py", 1)), 1)));
        OBJECTS.put("Statistic(Traceback((('x.py', 3),)), 0, 0)", () -> new Statistic(tb("x.py", 3), 0, 0));
        OBJECTS.put("Statistic(Traceback((('x.py', 3),)), 5, 2)", () -> new Statistic(tb("x.py", 3), 5, 2));
        OBJECTS.put("Statistic(Traceback((('x.py', 3),)), 20481, 2)", () -> new Statistic(tb("x.py", 3), 20481, 2));
        OBJECTS.put("StatisticDiff(Traceback((('x.py', 3),)), 0, -10240, 0, -3)",
                () -> new StatisticDiff(tb("x.py", 3), 0, -10240, 0, -3));
        OBJECTS.put("StatisticDiff(Traceback((('x.py', 3),)), 5002, 5000, 2, 1)",
                () -> new StatisticDiff(tb("x.py", 3), 5002, 5000, 2, 1));
        OBJECTS.put("Snapshot(S1).traces", () -> SNAPSHOTS.get("S1").traces());
    }

    @TestFactory
    Stream<DynamicTest> objects() {
        return vectors("objects").map(v -> dynamicTest(v.get("expr").asText(), () -> {
            Supplier<Object> java = OBJECTS.get(v.get("expr").asText());
            assertTrue(java != null, "no Java counterpart written for this vector");
            Object value = java.get();
            String str = v.get("str").asText();
            String raisesPrefix = "raises IndexError: ";
            if (str.startsWith(raisesPrefix)) {
                // CPython's IndexError is Java's IndexOutOfBoundsException, with the same message
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, value::toString);
                assertEquals(str.substring(raisesPrefix.length()), e.getMessage());
            } else {
                assertEquals(str, value.toString());
            }
            assertEquals(v.get("repr").asText(), repr(value));
        }));
    }

    /** An error vector in Java: what to run, and the Java exception that stands for CPython's. */
    private record Raises(Class<? extends Throwable> type, Executable code) {}

    /** Each expression of the "errors" vectors that Java can express at run time. */
    private static final Map<String, Raises> ERRORS = new LinkedHashMap<>();

    /**
     * Expressions that Java rejects at compile time, so there is no message to compare; each test
     * shows the type-system fact that makes the call impossible.
     */
    private static final Map<String, Executable> COMPILE_TIME_ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put("S1.statistics('foo')", new Raises(IllegalArgumentException.class,
                () -> SNAPSHOTS.get("S1").statistics("foo")));
        ERRORS.put("S1.statistics('traceback', cumulative=True)", new Raises(IllegalArgumentException.class,
                () -> SNAPSHOTS.get("S1").statistics("traceback", true)));
        ERRORS.put("S1.compare_to(S1, 'foo')", new Raises(IllegalArgumentException.class,
                () -> SNAPSHOTS.get("S1").compareTo(SNAPSHOTS.get("S1"), "foo")));
        ERRORS.put("S1.filter_traces(None)", new Raises(NullPointerException.class,
                () -> SNAPSHOTS.get("S1").filterTraces(null)));
        ERRORS.put("str(Traceback(()))", new Raises(IndexOutOfBoundsException.class,
                () -> new Traceback(List.of()).toString()));
        ERRORS.put("take_snapshot() while not tracing", new Raises(IllegalStateException.class, () -> {
            assertFalse(Tracemalloc.isTracing(), "precondition: not tracing");
            Tracemalloc.takeSnapshot();
        }));
        // start() validates its argument before anything else, so no tracing is started here
        ERRORS.put("start(0)", new Raises(IllegalArgumentException.class, () -> Tracemalloc.start(0)));
        ERRORS.put("start(-1)", new Raises(IllegalArgumentException.class, () -> Tracemalloc.start(-1)));
        ERRORS.put("start(65536)", new Raises(IllegalArgumentException.class, () -> Tracemalloc.start(65536)));

        // filterTraces takes an Iterable<? extends BaseFilter>; a single Filter is not one.
        COMPILE_TIME_ERRORS.put("S1.filter_traces(Filter(True, 'a.py'))",
                () -> assertFalse(Iterable.class.isAssignableFrom(Filter.class)));
        // Filter and DomainFilter are immutable: final fields, no method that sets them.
        COMPILE_TIME_ERRORS.put("Filter(True, 'a').filename_pattern = 'b'",
                () -> assertImmutable(Filter.class));
        COMPILE_TIME_ERRORS.put("DomainFilter(True, 1).domain = 2",
                () -> assertImmutable(DomainFilter.class));
    }

    private static void assertImmutable(Class<?> type) {
        for (java.lang.reflect.Field field : type.getDeclaredFields()) {
            assertTrue(Modifier.isFinal(field.getModifiers()), field + " is final");
        }
        for (Method method : type.getDeclaredMethods()) {
            assertTrue(method.getParameterCount() == 0 || Modifier.isStatic(method.getModifiers())
                    || !Modifier.isPublic(method.getModifiers()), method + " sets nothing");
        }
    }

    @TestFactory
    Stream<DynamicTest> errors() {
        return vectors("errors").map(v -> dynamicTest(v.get("expr").asText() + " raises " + v.get("raises").asText(), () -> {
            String expr = v.get("expr").asText();
            Raises raises = ERRORS.get(expr);
            if (raises != null) {
                Throwable e = assertThrows(raises.type(), raises.code());
                assertEquals(v.get("message").asText(), e.getMessage());
                return;
            }
            Executable typeCheck = COMPILE_TIME_ERRORS.get(expr);
            assertTrue(typeCheck != null, "no Java counterpart written for this vector");
            typeCheck.execute();
        }));
    }
}
