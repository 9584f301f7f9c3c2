package org.jtracemalloc;

/**
 * The three places where Python's {@code str} behaves differently from {@link String} and the
 * printed output depends on it: ordering, {@code repr()} and {@code strip()}.
 */
final class PythonStrings {
    private PythonStrings() {}

    /**
     * Compares by Unicode code point, as Python compares {@code str}. {@link String#compareTo}
     * compares UTF-16 units, which ranks supplementary characters (surrogate pairs) below
     * U+E000..U+FFFF.
     */
    static int compare(String a, String b) {
        if (a == b) {
            return 0;
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca == cb) {
                continue;
            }
            if (ca < Character.MIN_SURROGATE && cb < Character.MIN_SURROGATE) {
                return ca - cb;
            }
            // Re-read whole code points; a shared high surrogate just before i starts them.
            int start = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
            return Integer.compare(a.codePointAt(start), b.codePointAt(start));
        }
        return a.length() - b.length();
    }

    /**
     * Whether {@code s} has a UTF-16 unit at or above U+D800: only then can {@link String#compareTo}
     * (a vectorised intrinsic) disagree with {@link #compare}.
     */
    static boolean hasHighUnits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= Character.MIN_SURROGATE) {
                return true;
            }
        }
        return false;
    }

    /** Python's {@code repr(s)}: quotes chosen like CPython, non-printable characters escaped. */
    static String repr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp < 0x100) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        }
        return out.append(quote).toString();
    }

    /** Python's {@code str.isprintable()} for one code point: not Other or Separator, except space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    /** Python's {@code s.strip()}: removes {@link #isSpace Python whitespace} at both ends. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Python's {@code str.isspace()}: {@link Character#isWhitespace} leaves out the no-break
     * spaces (U+00A0, U+2007, U+202F) and NEXT LINE (U+0085), which Python strips. All Python
     * whitespace is in the BMP, so testing UTF-16 units is exact.
     */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
