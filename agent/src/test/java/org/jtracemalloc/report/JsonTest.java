package org.jtracemalloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        Json.string(out, text);
        return out.toString();
    }

    @Test
    void plainTextIsQuoted() {
        assertEquals("\"java.util.HashMap.put (HashMap.java:1)\"", json("java.util.HashMap.put (HashMap.java:1)"));
        assertEquals("\"\u00e9\u4e2d\"", json("\u00e9\u4e2d"));
    }

    @Test
    void jsonSpecialsAreEscaped() {
        assertEquals("\"\\\"\\\\\\n\\u0009\\u0000\"", json("\"\\\n\t\0"));
    }

    @Test
    void htmlSpecialsAndLineSeparatorsAreEscaped() {
        assertEquals("\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"", json("</script>&\u2028\u2029"));
    }
}
