package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Python's str semantics that printed output depends on; expected values printed by CPython 3.11.7. */
class PythonStringsTest {

    static Stream<Arguments> cpythonReprs() {
        return Stream.of(
                Arguments.of("\u0000a", "'\\x00a'"),
                Arguments.of("\u007f", "'\\x7f'"),
                Arguments.of("\u0085", "'\\x85'"),
                Arguments.of("\u00a0", "'\\xa0'"),
                Arguments.of("\u00ad", "'\\xad'"),
                Arguments.of("\u200b", "'\\u200b'"),
                Arguments.of("\u2028", "'\\u2028'"),
                Arguments.of("\u3000", "'\\u3000'"),
                Arguments.of("\ue000", "'\\ue000'"),
                Arguments.of("\u0378", "'\\u0378'"),
                Arguments.of("\ud800", "'\\ud800'"),
                Arguments.of("\udb40\udc01", "'\\U000e0001'"),
                Arguments.of("\ud83d\ude00", "'\ud83d\ude00'"),
                Arguments.of("both ' and \"", "'both \\' and \"'"),
                Arguments.of("it's", "\"it's\""),
                Arguments.of("tab\there", "'tab\\there'"),
                Arguments.of("\r\n", "'\\r\\n'"),
                Arguments.of("\\", "'\\\\'"),
                Arguments.of("\u001b[0m", "'\\x1b[0m'"),
                Arguments.of("\u00e9.py", "'\u00e9.py'"));
    }

    @ParameterizedTest(name = "repr of {1}")
    @MethodSource("cpythonReprs")
    void reprLikeCPython(String value, String expected) {
        assertEquals(expected, PythonStrings.repr(value));
    }

    @Test
    void compareByCodePoint() {
        assertTrue(PythonStrings.compare("\uFFFD.py", "\uD83D\uDE00.py") < 0);
        assertTrue(PythonStrings.compare("\uD83D\uDE00.py", "\uFFFD.py") > 0);
        // same high surrogate, different low surrogate
        assertTrue(PythonStrings.compare("\uD83D\uDE00", "\uD83D\uDE01") < 0);
        // a lone high surrogate (U+D83D) is below U+1F600 but the pair's low unit is below U+E000
        assertTrue(PythonStrings.compare("\uD83D\uE000", "\uD83D\uDE00") < 0);
        assertTrue(PythonStrings.compare("a", "ab") < 0);
        assertTrue(PythonStrings.compare("B", "a") < 0);
        assertEquals(0, PythonStrings.compare("same", new String("same")));
    }

    @Test
    void stripLikePython() {
        assertEquals("x", PythonStrings.strip("\u00a0 x\t\u001c\u2003"));
        assertEquals("\u200bx", PythonStrings.strip(" \u200bx\u0085"));
        assertEquals("", PythonStrings.strip(" \n\u000b\f\r\u3000"));
    }
}
