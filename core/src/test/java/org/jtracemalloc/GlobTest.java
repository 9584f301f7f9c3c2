package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Glob} against Python's {@code fnmatch.fnmatchcase}: the expected answers were printed by
 * CPython 3.11.7 for exactly these (name, pattern) pairs. They cover the corners of
 * {@code fnmatch.translate}'s bracket handling that the golden vectors do not.
 */
class GlobTest {

    static Stream<Arguments> cpythonAnswers() {
        return Stream.of(
                // reversed ranges are dropped with their two ends
                Arguments.of("b", "[z-a]", false),
                Arguments.of("b", "[!z-a]", true),
                Arguments.of("a", "[z-ab]", false),
                Arguments.of("b", "[z-ab]", true),
                Arguments.of("-", "[z-ab]", false),
                Arguments.of("\\", "[a-\\]", false),
                Arguments.of("b", "[b-a-c]", false),
                Arguments.of("-", "[b-a-c]", true),
                Arguments.of("c", "[b-a-c]", true),
                Arguments.of("d", "[x-a-d]", true),
                Arguments.of("-", "[x-a-d]", true),
                Arguments.of("ab", "[a-a]b", true),
                // a hyphen first, last, or right after a range is literal
                Arguments.of("-", "[a-]", true),
                Arguments.of("a", "[a-]", true),
                Arguments.of("-", "[-a]", true),
                Arguments.of("-", "[!-a]", false),
                Arguments.of("b", "[!-a]", true),
                Arguments.of("-", "[a-c-e]", true),
                Arguments.of("d", "[a-c-e]", false),
                Arguments.of("e", "[a-c-e]", true),
                Arguments.of("b", "[\\-a]", false),
                // regex syntax inside a set means nothing
                Arguments.of("^", "[^a]", true),
                Arguments.of("a", "[^a]", true),
                Arguments.of("&", "[&&a]", true),
                Arguments.of("|", "[a||b]", true),
                Arguments.of("\\", "[\\]", true),
                // ']' first is literal; an unclosed '[' is literal
                Arguments.of("a]", "[!]]]", true),
                Arguments.of("b]", "[!]]]", true),
                Arguments.of("[a", "[[]a", true),
                Arguments.of("a", "[!]", false),
                Arguments.of("[!]", "[!]", true),
                Arguments.of("", "[]", false),
                Arguments.of("[]", "[]", true),
                Arguments.of("a", "[]a]", true),
                Arguments.of("]", "[]a]", true),
                // code points, not UTF-16 units
                Arguments.of("\uD83D\uDE00", "[\uD83D\uDE00]", true),
                Arguments.of("\uD83D\uDE01", "[\uD83D\uDE00-\uD83D\uDE02]", true),
                Arguments.of("a", "[\uD83D\uDE00-\uD83D\uDE02]", false),
                Arguments.of("x", "[!\uD83D\uDE00]", true),
                Arguments.of("\uD83D\uDE00", "[!\uD83D\uDE00]", false),
                Arguments.of("\uD800", "?", true),
                // stars backtrack
                Arguments.of("abcabc", "*abc", true),
                Arguments.of("xaxb", "*a?b", true),
                Arguments.of("aaa", "a*a*a", true),
                Arguments.of("aa", "a*a*a", false));
    }

    @ParameterizedTest(name = "fnmatchcase({0}, {1}) is {2}")
    @MethodSource("cpythonAnswers")
    void matchesLikeCPython(String name, String pattern, boolean expected) {
        assertEquals(expected, Glob.compile(pattern).matches(name));
    }
}
