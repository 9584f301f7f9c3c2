package org.jtracemalloc.bench.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.jtracemalloc.Tracemalloc;

/**
 * Snapshot operations as a user meets them, timed the same way as {@code bench/snapshot_ops.py}
 * times CPython's: run under the agent (exact, nframe=1), it keeps 1,000,000 live arrays from four
 * lines of its loop, then takes a snapshot, gets its statistics by line, dumps it, loads the file
 * and compares the two, each timed; the first pass is the cold one (the first call in a fresh JVM:
 * class loading, interpreted code), the later passes warm. Then, tracing stopped, the statistics
 * by line of a built snapshot of 1,000,000 traces on 630,000 distinct lines. Each time is printed
 * on a line {@code run.sh} reads: {@code jtracemalloc-bench op cold|warm NAME MS}.
 * Arguments: passes (default 3), a directory for the dumped file.
 */
public final class SnapshotOperations {
    static final String MARK = "jtracemalloc-bench op ";
    static final int LIVE = 1_000_000;
    static final int DISTINCT_LINES = 630_000;

    private SnapshotOperations() {}

    public static void main(String[] args) throws Exception {
        int passes = Integer.parseInt(args[0]);
        Path file = Files.createTempFile(Path.of(args[1]), "snapshot-ops", ".snapshot");
        byte[][] live = allocate();
        for (int pass = 0; pass < passes; pass++) {
            String phase = pass == 0 ? "cold" : "warm";
            Snapshot snapshot = time(phase, "takeSnapshot", Tracemalloc::takeSnapshot);
            time(phase, "statistics", () -> snapshot.statistics("lineno"));
            time(phase, "dump", () -> {
                snapshot.dump(file);
                return file;
            });
            Snapshot loaded = time(phase, "load", () -> Snapshot.load(file));
            time(phase, "compareTo", () -> snapshot.compareTo(loaded, "lineno"));
            System.out.println("traces in the snapshot: " + snapshot.traces().size());
        }
        Files.delete(file);
        System.out.println("live arrays: " + live.length);

        Tracemalloc.stop();
        Snapshot manyLines = manyLines();
        for (int pass = 0; pass < passes; pass++) {
            time(pass == 0 ? "cold" : "warm", "statistics630k", () -> manyLines.statistics("lineno"));
        }
    }

    /** LIVE arrays of 8 to 32 bytes, a quarter from each of four lines. */
    private static byte[][] allocate() {
        byte[][] live = new byte[LIVE][];
        for (int i = 0; i < LIVE; i++) {
            switch (i % 4) {
                case 0 -> live[i] = new byte[8];
                case 1 -> live[i] = new byte[16];
                case 2 -> live[i] = new byte[24];
                default -> live[i] = new byte[32];
            }
        }
        return live;
    }

    /** LIVE traces of one frame each, spread over DISTINCT_LINES lines of 630 files. */
    private static Snapshot manyLines() {
        Traceback[] lines = new Traceback[DISTINCT_LINES];
        for (int l = 0; l < DISTINCT_LINES; l++) {
            lines[l] = new Traceback(List.of(new Frame("module" + l / 1000 + ".py", l % 1000 + 1)), 1);
        }
        List<Trace> traces = new ArrayList<>(LIVE);
        for (int i = 0; i < LIVE; i++) {
            traces.add(new Trace(0, 16 + 8 * (i % 64), lines[(int) (i * 7919L % DISTINCT_LINES)]));
        }
        return new Snapshot(traces, 1);
    }

    private static <T> T time(String phase, String operation, Callable<T> call) throws Exception {
        long start = System.nanoTime();
        T result = call.call();
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.println(MARK + phase + " " + operation + " " + String.format(Locale.ROOT, "%.1f", ms));
        return result;
    }
}
