package org.jtracemalloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;

class CollapsedStacksTest {

    @Test
    void oneSortedLinePerStackOldestFrameFirstBytesSummed() {
        assertEquals(List.of(
                        "[native memory];com/example/Buffers.java:3;jdk/internal/misc/Unsafe.java:1382 4096",
                        "com/example/Cache.java:12;java/util/HashMap.java:1901 512",
                        "com/example/Main.java:5;com/example/Cache.java:20 1024",
                        "com/example/Main.java:7;java/lang/String.java:4500 24",
                        "com/example/Main.java:7;java/util/ArrayList.java:239 100"),
                CollapsedStacks.lines(HandMadeSnapshots.current()));
    }

    @Test
    void framesThatKnowTheirMethodReadLikeAJavaStackTrace() {
        Trace trace = new Trace(0, 48, new Traceback(List.of(
                new Frame("java/util/HashMap.java", 1901, "java.util.HashMap", "newNode"),
                new Frame("com/example/Cache.java", 12, "com.example.Cache", "put"))));
        assertEquals(List.of("com.example.Cache.put (Cache.java:12);java.util.HashMap.newNode (HashMap.java:1901) 48"),
                CollapsedStacks.lines(new Snapshot(List.of(trace), 2)));
    }

    /** A class file names its own source file: separators of the format must not come through. */
    @Test
    void semicolonsAndLineBreaksInNamesCannotSplitAStack() {
        Trace trace = new Trace(0, 16, new Traceback(List.of(
                new Frame("evil;name\nx.java", 1, "p.Evil;Class", "m"))));
        assertEquals(List.of("p.Evil:Class.m (evil:name x.java:1) 16"),
                CollapsedStacks.lines(new Snapshot(List.of(trace), 1)));
    }
}
