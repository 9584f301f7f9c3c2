package org.jtracemalloc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;

/**
 * Builds snapshots shaped like a real application's: a thousand allocation sites of which a few
 * dominate, each site allocating a handful of sizes, traces in no particular order.
 */
final class SnapshotFixtures {
    static final int TRACES = 1_000_000;
    static final int SITES = 1000;

    private SnapshotFixtures() {}

    /**
     * {@code variant} shifts which sites are hot and what they allocate, so two variants
     * differ the way two snapshots of one application taken a while apart do.
     */
    static Snapshot snapshot(int depth, long seed, int variant) {
        Traceback[] sites = sites(depth);
        long[] baseSize = new long[SITES];
        Random random = new Random(seed);
        for (int s = 0; s < SITES; s++) {
            baseSize[s] = 16 + 8L * random.nextInt(64);
        }
        List<Trace> traces = new ArrayList<>(TRACES);
        for (int i = 0; i < TRACES; i++) {
            // squaring a uniform number skews the choice towards low site numbers: a few hot sites
            double u = random.nextDouble();
            int site = (int) ((u * u * SITES) + variant * 7) % SITES;
            long size = random.nextInt(4) == 0 ? 16 + 8L * random.nextInt(1024) : baseSize[site];
            traces.add(new Trace(0, size, sites[site]));
        }
        return new Snapshot(traces, depth);
    }

    /** SITES tracebacks; at depth > 1 they share their outer frames, as call paths do. */
    private static Traceback[] sites(int depth) {
        Traceback[] sites = new Traceback[SITES];
        for (int s = 0; s < SITES; s++) {
            List<Frame> mostRecentFirst = new ArrayList<>(depth);
            for (int level = 0; level < depth; level++) {
                int owner = level == 0 ? s : s / (level * 10 + 1);
                String pkg = "com/example/module" + owner % 20;
                mostRecentFirst.add(new Frame(pkg + "/Class" + owner + ".java", 10 + level * 7 + owner % 50,
                        pkg.replace('/', '.') + ".Class" + owner, "method" + level));
            }
            sites[s] = new Traceback(mostRecentFirst, depth);
        }
        return sites;
    }
}
