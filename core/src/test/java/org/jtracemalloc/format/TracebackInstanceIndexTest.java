package org.jtracemalloc.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;

class TracebackInstanceIndexTest {
    @Test
    void findsEveryInstanceByIdentityThroughGrowth() {
        TracebackInstanceIndex index = new TracebackInstanceIndex();
        List<Traceback> added = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            // pairs of equal tracebacks in distinct instances: same hash, distinct keys
            Traceback traceback = new Traceback(List.of(new Frame("f" + i / 2 + ".java", i / 2)));
            assertEquals(-1, index.get(traceback));
            index.put(traceback, i);
            added.add(traceback);
        }
        for (int i = 0; i < added.size(); i++) {
            assertEquals(i, index.get(added.get(i)));
        }
        assertEquals(-1, index.get(new Traceback(List.of(new Frame("f0.java", 0)))), "an equal but new instance");
    }
}
