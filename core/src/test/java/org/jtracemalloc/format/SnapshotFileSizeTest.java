package org.jtracemalloc.format;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk cost per trace when tracebacks repeat; the target is at most 8 bytes. */
class SnapshotFileSizeTest {
    private static final int TRACES = 1_000_000;
    private static final double MAX_BYTES_PER_TRACE = 8.0;

    @TempDir
    Path dir;

    private double bytesPerTrace(String label, List<Trace> traces) throws IOException {
        Snapshot snapshot = new Snapshot(traces, 10);
        Path file = dir.resolve("snapshot.bin");
        snapshot.dump(file);
        double perTrace = (double) Files.size(file) / traces.size();
        System.out.printf("%s: %d bytes, %.3f bytes/trace%n", label, Files.size(file), perTrace);
        SnapshotFilesRoundTripTest.assertSameSnapshot(snapshot, Snapshot.load(file));
        return perTrace;
    }

    private static Traceback deepTraceback(int site, int depth) {
        List<Frame> frames = new ArrayList<>();
        for (int level = 0; level < depth; level++) {
            frames.add(new Frame("com/example/pkg" + site % 37 + "/Class" + site + ".java", 10 + level,
                    "com.example.pkg" + site % 37 + ".Class" + site, "method" + level));
        }
        return new Traceback(frames, depth);
    }

    @Test
    void oneLineEqualSizes() throws IOException {
        Traceback tb = deepTraceback(0, 1);
        List<Trace> traces = new ArrayList<>(TRACES);
        for (int i = 0; i < TRACES; i++) {
            traces.add(new Trace(0, 24, tb));
        }
        assertTrue(bytesPerTrace("1M traces, one line, equal sizes", traces) <= MAX_BYTES_PER_TRACE);
    }

    @Test
    void oneLineVaryingSizes() throws IOException {
        Traceback tb = deepTraceback(0, 1);
        Random random = new Random(1);
        List<Trace> traces = new ArrayList<>(TRACES);
        for (int i = 0; i < TRACES; i++) {
            traces.add(new Trace(0, 16 + 8L * random.nextInt(1000), tb));
        }
        assertTrue(bytesPerTrace("1M traces, one line, sizes 16..8008", traces) <= MAX_BYTES_PER_TRACE);
    }

    @Test
    void thousandTracebacksInterleaved() throws IOException {
        for (int depth : new int[] {1, 10}) {
            Traceback[] sites = new Traceback[1000];
            for (int s = 0; s < sites.length; s++) {
                sites[s] = deepTraceback(s, depth);
            }
            Random random = new Random(2);
            List<Trace> fixed = new ArrayList<>(TRACES);
            List<Trace> varying = new ArrayList<>(TRACES);
            for (int i = 0; i < TRACES; i++) {
                int s = random.nextInt(sites.length);
                fixed.add(new Trace(0, 16 + 8L * (s % 64), sites[s]));
                varying.add(new Trace(0, 16 + 8L * random.nextInt(1000), sites[s]));
            }
            assertTrue(bytesPerTrace("1M traces, 1000 tracebacks of depth " + depth
                    + ", random order, one size per traceback", fixed) <= MAX_BYTES_PER_TRACE);
            assertTrue(bytesPerTrace("1M traces, 1000 tracebacks of depth " + depth
                    + ", random order, random sizes 16..8008", varying) <= MAX_BYTES_PER_TRACE);
        }
    }
}
