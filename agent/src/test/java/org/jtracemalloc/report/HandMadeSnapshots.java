package org.jtracemalloc.report;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;

/** Snapshots built by hand; the same traces fed to CPython give the expected texts of the tests. */
final class HandMadeSnapshots {
    private HandMadeSnapshots() {}

    /**
     * In CPython: {@code tracemalloc.Snapshot([(0, 256, (("java/util/HashMap.java", 1901),
     * ("com/example/Cache.java", 12)), 2), ...], 2)}, the same traces in the same order.
     */
    static Snapshot current() {
        List<Trace> traces = new ArrayList<>();
        traces.add(trace(0, 256, "java/util/HashMap.java", 1901, "com/example/Cache.java", 12));
        traces.add(trace(0, 256, "java/util/HashMap.java", 1901, "com/example/Cache.java", 12));
        traces.add(trace(0, 1024, "com/example/Cache.java", 20, "com/example/Main.java", 5));
        traces.add(trace(0, 100, "java/util/ArrayList.java", 239, "com/example/Main.java", 7));
        traces.add(trace(0, 24, "java/lang/String.java", 4500, "com/example/Main.java", 7));
        traces.add(trace(1, 4096, "jdk/internal/misc/Unsafe.java", 1382, "com/example/Buffers.java", 3));
        return new Snapshot(traces, 2);
    }

    /** {@link #current()}'s third to fifth traces and one that is gone later. */
    static Snapshot old() {
        List<Trace> traces = new ArrayList<>(current().traces().subList(2, 5));
        traces.add(new Trace(0, 512, new Traceback(List.of(new Frame("com/example/Old.java", 9)))));
        return new Snapshot(traces, 2);
    }

    /** A trace whose frames are given most recent first, as file, line, file, line, ... */
    static Trace trace(int domain, long size, Object... fileLinePairs) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < fileLinePairs.length; i += 2) {
            frames.add(new Frame((String) fileLinePairs[i], (Integer) fileLinePairs[i + 1]));
        }
        return new Trace(domain, size, new Traceback(frames));
    }
}
