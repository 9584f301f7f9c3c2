package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Port of CPython's {@code TestFilters} (test_tracemalloc.py, 3.11.7), plus the G8 match table. */
class FilterTest {

    @Test
    void filterAttributes() {
        Filter f = new Filter(true, "abc");
        assertTrue(f.inclusive());
        assertEquals("abc", f.filenamePattern());
        assertNull(f.lineno());
        assertFalse(f.allFrames());
        assertNull(f.domain());

        f = new Filter(false, "test.py", 123, true, null);
        assertFalse(f.inclusive());
        assertEquals("test.py", f.filenamePattern());
        assertEquals(123, f.lineno());
        assertTrue(f.allFrames());
        // CPython's read-only filename_pattern: the Java class has no setter at all (GoldenVectorsTest)
    }

    @Test
    void domainFilterAttributes() {
        DomainFilter f = new DomainFilter(false, 3);
        assertFalse(f.inclusive());
        assertEquals(3, f.domain());
    }

    @Test
    void patternIsNormalised() {
        assertEquals("x.py", new Filter(true, "x.pyc").filenamePattern());
        assertEquals("x.pyo", new Filter(true, "x.pyo").filenamePattern());
        assertEquals("x.PYC", new Filter(true, "x.PYC").filenamePattern());
    }

    /** test_filter_match: the {@code _match_frame} truth table for lineno None, 5 and 0. */
    static Stream<Arguments> matchFrameTable() {
        return Stream.of(
                // inclusive, lineno, then answers for (abc,0) (abc,5) (abc,10) (12356,0) (12356,5) (12356,10)
                Arguments.of(true, null, List.of(true, true, true, false, false, false)),
                Arguments.of(false, null, List.of(false, false, false, true, true, true)),
                Arguments.of(true, 5, List.of(false, true, false, false, false, false)),
                Arguments.of(false, 5, List.of(true, false, true, true, true, true)),
                Arguments.of(true, 0, List.of(true, false, false, false, false, false)),
                Arguments.of(false, 0, List.of(false, true, true, true, true, true)));
    }

    @ParameterizedTest(name = "Filter({0}, 'abc', {1})")
    @MethodSource("matchFrameTable")
    void filterMatch(boolean inclusive, Integer lineno, List<Boolean> expected) {
        Filter f = new Filter(inclusive, "abc", lineno, false, null);
        List<Boolean> actual = Stream.of("abc", "12356")
                .flatMap(file -> Stream.of(0, 5, 10).map(line -> f.matchFrame(file, line)))
                .toList();
        assertEquals(expected, actual);
    }

    @Test
    void filterMatchFilename() {
        assertTrue(new Filter(true, "abc").matchFrame("abc", 0));
        assertFalse(new Filter(true, "abc").matchFrame("12356", 0));
        assertFalse(new Filter(true, "abc").matchFrame("<unknown>", 0));

        assertFalse(new Filter(false, "abc").matchFrame("abc", 0));
        assertTrue(new Filter(false, "abc").matchFrame("12356", 0));
        assertTrue(new Filter(false, "abc").matchFrame("<unknown>", 0));
    }

    /**
     * test_filter_match_filename_joker and the G8 table of the semantics reference: (filename,
     * pattern, does an inclusive Filter match), as CPython 3.11.7 answers on POSIX.
     */
    static Stream<Arguments> jokers() {
        return Stream.of(
                // test_filter_match_filename_joker: empty strings
                Arguments.of("abc", "", false), Arguments.of("", "abc", false),
                Arguments.of("", "", true), Arguments.of("", "*", true),
                // no *
                Arguments.of("abc", "abc", true), Arguments.of("abc", "abcd", false), Arguments.of("abc", "def", false),
                // a*
                Arguments.of("abc", "a*", true), Arguments.of("abc", "abc*", true),
                Arguments.of("abc", "b*", false), Arguments.of("abc", "abcd*", false),
                // a*b
                Arguments.of("abc", "a*c", true), Arguments.of("abcdcx", "a*cx", true),
                Arguments.of("abb", "a*c", false), Arguments.of("abcdce", "a*cx", false),
                // a*b*c
                Arguments.of("abcde", "a*c*e", true), Arguments.of("abcbdefeg", "a*bd*eg", true),
                Arguments.of("abcdd", "a*c*e", false), Arguments.of("abcbdefef", "a*bd*eg", false),
                // .pyc becomes .py, both ways; .pyo is left alone
                Arguments.of("a.pyc", "a.py", true), Arguments.of("a.py", "a.pyc", true), Arguments.of("a.pyo", "a.py", false),
                // case sensitive (POSIX)
                Arguments.of("aBC", "ABc", false), Arguments.of("aBcDe", "Ab*dE", false),
                Arguments.of("a.pyc", "a.PY", false), Arguments.of("a.py", "a.PYC", false),
                // no alternate separator (POSIX)
                Arguments.of("a/b", "a\\b", false), Arguments.of("a\\b", "a/b", false),
                Arguments.of("a/b\\c", "a\\b/c", false), Arguments.of("a/b/c", "a\\b\\c", false),
                // G8
                Arguments.of("abc", "ABC", false), Arguments.of("abc", "*c", true), Arguments.of("abc", "*b*", true),
                Arguments.of("abc", "a?c", true), Arguments.of("ac", "a?c", false), Arguments.of("abc", "a??c", false),
                Arguments.of("Lib/os.py", "*/os.py", true), Arguments.of("Lib/os.py", "*os.py", true),
                Arguments.of("Lib/os.py", "os.py", false),
                Arguments.of("/a/b/c.py", "/a/*.py", true), Arguments.of("/a/b/c.py", "/a/*/c.py", true),
                Arguments.of("a.py", "[abc].py", true), Arguments.of("d.py", "[abc].py", false),
                Arguments.of("d.py", "[!abc].py", true), Arguments.of("b.py", "[a-c].py", true),
                Arguments.of("-.py", "[a-c].py", false), Arguments.of("].py", "[]].py", true),
                Arguments.of("!.py", "[!].py", false), Arguments.of("[.py", "[.py", true), Arguments.of("a.py", "[.py", false),
                Arguments.of("[a].py", "[[]a].py", true), Arguments.of("a*b", "a[*]b", true), Arguments.of("axb", "a[*]b", false),
                Arguments.of("a?b", "a[?]b", true), Arguments.of("a\\b", "a\\b", true), Arguments.of("a\\b", "a\\\\b", false),
                Arguments.of("ab", "a\\b", false),
                Arguments.of("a.pyc", "a.pyc", true), Arguments.of("a.pyc", "a.py?", false), Arguments.of("a.py", "a.py?", false),
                Arguments.of("a.PYC", "a.PY", false), Arguments.of("x/a.pyc", "*.py", true), Arguments.of("a.pyw", "*.py", false),
                Arguments.of("a.py", "*.py*", true),
                Arguments.of("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap>", true),
                Arguments.of("<frozen importlib._bootstrap>", "<frozen *>", true),
                Arguments.of("<unknown>", "<unknown>", true), Arguments.of("\u00e9.py", "?.py", true),
                Arguments.of("\uD83D\uDE00.py", "?.py", true), Arguments.of("a\nb", "a*b", true), Arguments.of("a\nb", "a?b", true));
    }

    @ParameterizedTest(name = "Filter(True, {1}) matches {0}: {2}")
    @MethodSource("jokers")
    void filterMatchFilenameJoker(String filename, String pattern, boolean expected) {
        assertEquals(expected, new Filter(true, pattern).matchFrame(filename, 0));
    }

    private static Traceback raw(String... fileLineMostRecentFirst) {
        return new Traceback(Stream.of(fileLineMostRecentFirst)
                .map(s -> new Frame(s.substring(0, s.lastIndexOf(':')), Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))))
                .toList());
    }

    /** test_filter_match_trace: {@code _match_traceback} with allFrames true and false. */
    static Stream<Arguments> matchTraceTable() {
        return Stream.of(
                // inclusive, pattern, allFrames, answers for t1 t2 t3 unknown
                Arguments.of(true, "b.py", true, List.of(true, true, false, false)),
                Arguments.of(true, "b.py", false, List.of(false, true, false, false)),
                Arguments.of(false, "b.py", true, List.of(false, false, true, true)),
                Arguments.of(false, "b.py", false, List.of(true, false, true, true)),
                Arguments.of(false, "<unknown>", false, List.of(true, true, true, false)),
                Arguments.of(true, "<unknown>", true, List.of(false, false, true, true)),
                Arguments.of(false, "<unknown>", true, List.of(true, true, false, false)));
    }

    @ParameterizedTest(name = "Filter({0}, {1}, all_frames={2})")
    @MethodSource("matchTraceTable")
    void filterMatchTrace(boolean inclusive, String pattern, boolean allFrames, List<Boolean> expected) {
        Traceback t1 = raw("a.py:2", "b.py:3");
        Traceback t2 = raw("b.py:4", "b.py:5");
        Traceback t3 = raw("c.py:5", "<unknown>:0");
        Traceback unknown = raw("<unknown>:0");
        Filter f = new Filter(inclusive, pattern, null, allFrames, null);
        assertEquals(expected, Stream.of(t1, t2, t3, unknown).map(f::matchTraceback).toList());
    }

    @Test
    void domainOfAFilterNarrowsBothWays() {
        Trace inDomain1 = new Trace(1, 2, raw("a.py:5", "b.py:4"));
        Trace inDomain0 = new Trace(0, 10, raw("a.py:2", "b.py:4"));
        Filter include = new Filter(true, "a.py", null, false, 1);
        Filter exclude = new Filter(false, "a.py", null, false, 1);
        // inclusive: file AND domain; exclusive: drops only what matches the file AND is in the domain
        assertTrue(include.test(include.matchTraceback(inDomain1.traceback()), inDomain1.domain()));
        assertFalse(include.test(include.matchTraceback(inDomain0.traceback()), inDomain0.domain()));
        assertFalse(exclude.test(exclude.matchTraceback(inDomain1.traceback()), inDomain1.domain()));
        assertTrue(exclude.test(exclude.matchTraceback(inDomain0.traceback()), inDomain0.domain()));
    }
}
