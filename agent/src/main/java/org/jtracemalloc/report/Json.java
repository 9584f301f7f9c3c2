package org.jtracemalloc.report;

/**
 * JSON text safe to place inside an HTML {@code <script>} element: besides what JSON requires,
 * {@code <}, {@code >} and {@code &} are written as {@code \\u} escapes, so no name can close the
 * element or open a comment, and U+2028/U+2029 too, which older JavaScript parsers take as line
 * ends.
 */
final class Json {
    private Json() {}

    static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
