package org.jtracemalloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Tracemalloc;
import org.junit.jupiter.api.Test;

class FrameNamesTest {

    @Test
    void framesWithAMethodReadLikeAJavaStackTraceLine() {
        Frame frame = new Frame("java/util/HashMap.java", 1901, "java.util.HashMap", "newNode");
        assertEquals("java.util.HashMap.newNode", FrameNames.function(frame));
        assertEquals("java.util.HashMap.newNode (HashMap.java:1901)", FrameNames.frame(frame));
    }

    @Test
    void framesWithoutAMethodAreTheirFileAndLine() {
        Frame frame = new Frame("java/util/HashMap.java", 1901);
        assertEquals("java/util/HashMap.java", FrameNames.function(frame));
        assertEquals("java/util/HashMap.java:1901", FrameNames.frame(frame));
    }

    @Test
    void onlyTracesOutsideTheHeapGetARootFrame() {
        assertNull(FrameNames.domainRoot(Tracemalloc.HEAP_DOMAIN));
        assertEquals("[native memory]", FrameNames.domainRoot(Tracemalloc.NATIVE_DOMAIN));
        assertEquals("[domain 7]", FrameNames.domainRoot(7));
    }
}
