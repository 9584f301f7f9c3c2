package org.jtracemalloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;

class FlameGraphPageTest {
    private static final String HOSTILE_FILE = "</script><script>alert('x')</script>\"&amp;\u2028\u2029<!--.java";
    private static final String HOSTILE_CLASS = "p.<img src=x onerror=alert(1)>";

    private static Snapshot hostile() {
        Trace trace = new Trace(0, 100, new Traceback(List.of(
                new Frame(HOSTILE_FILE, 7, HOSTILE_CLASS, "m"),
                new Frame("Main.java", 1))));
        return new Snapshot(List.of(trace), 2);
    }

    @Test
    void hostileNamesCannotLeaveTheDataBlob() {
        String html = FlameGraphPage.html(hostile(), null, "title <b>&\"");
        assertEquals(2, count(html, "<script"), "only the page's own two script elements");
        assertEquals(2, count(html, "</script"), "no name closes a script element");
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<!--"), html);
        assertFalse(html.contains("\u2028") || html.contains("\u2029"), "raw line separators");
        String data = dataBlob(html);
        for (char c : new char[] {'<', '>', '&'}) {
            assertEquals(-1, data.indexOf(c), "raw " + c + " in the data");
        }
        assertTrue(data.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert('x')\\u003c/script\\u003e\\\"\\u0026amp;\\u2028\\u2029\\u003c!--.java"), data);
        assertTrue(data.contains("\"title \\u003cb\\u003e\\u0026\\\"\""), data);
    }

    @Test
    void theScriptBuildsTheDomWithTextOnly() {
        String html = FlameGraphPage.html(hostile(), null, "t");
        assertFalse(html.contains("innerHTML"));
        assertFalse(html.contains("outerHTML"));
        assertFalse(html.contains("insertAdjacentHTML"));
        assertFalse(html.contains("document.write"));
    }

    @Test
    void theReportNeedsNoNetwork() {
        String html = FlameGraphPage.html(HandMadeSnapshots.current(), HandMadeSnapshots.old(), "t");
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("src=") || html.contains("href="), html);
        assertTrue(html.contains("default-src 'none'"), "a Content-Security-Policy forbids fetching anything");
    }

    @Test
    void treeSumsLiveBytesPerFrameRootAtOldestFrame() {
        String data = FlameGraphPage.data(HandMadeSnapshots.current(), null, "t");
        // names are indexed in the order the tree is written: all, [native memory], its frames, ...
        assertTrue(data.contains("\"root\":[0,5756,5756,[[1,4096,4096,[[2,4096,4096,[[3,4096,4096,[]]]]]],"), data);
        assertTrue(data.contains("\"names\":[\"all\",\"[native memory]\",\"com/example/Buffers.java:3\",\"jdk/internal/misc/Unsafe.java:1382\","), data);
    }

    @Test
    void differentialTreeCarriesTheChangeAndDropsStacksThatAreGone() {
        String data = FlameGraphPage.data(HandMadeSnapshots.current(), HandMadeSnapshots.old(), "t");
        // all: 5756 B now, 1148 + 512 B before
        assertTrue(data.contains("\"root\":[0,5756,4096,["), data);
        assertTrue(data.contains("[6,1024,0,[[7,1024,0,[]]]]"), "unchanged stacks have no change: " + data);
        String frameNames = data.substring(data.indexOf("\"names\""), data.indexOf("\"tableTitle\""));
        assertFalse(frameNames.contains("Old.java"), "the stack that is gone has no frame: " + data);
        assertTrue(data.contains("[\"com/example/Old.java:9\",\"0 B\",\"-512 B\",\"0\",\"-1\"]"), "but the table lists it: " + data);
        assertTrue(data.contains("\"diff\":true"), data);
    }

    private static String dataBlob(String html) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "no data blob");
        return m.group(1);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.toLowerCase().indexOf(what); at >= 0; at = text.toLowerCase().indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
