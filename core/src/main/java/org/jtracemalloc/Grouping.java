package org.jtracemalloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPython's {@code Snapshot._group_by}, {@code statistics} and {@code compare_to}.
 *
 * <p>Traces are first summed per traceback: traces from one allocation site share one traceback
 * instance, so a million traces usually fold into a few thousand entries, found by identity and a
 * cached hash. Only those sums are then spread over the statistics keys. The results are sorted on
 * primitive keys, with the traceback tie-break replaced by its {@link TracebackOrder rank}.
 */
final class Grouping {

    /** One group: its key as a statistic shows it, and its running size and count. */
    private static final class Group {
        final Traceback key;
        long size;
        long count;

        Group(Traceback key) {
            this.key = key;
        }

        void add(long size, long count) {
            this.size += size;
            this.count += count;
        }
    }

    /** A result with its sort keys, compared most significant first, all descending. */
    private record Ranked<T>(long k0, long k1, long k2, long k3, int tracebackRank, T result) {}

    private static final Comparator<Ranked<?>> DESCENDING = (a, b) -> {
        int c = Long.compare(b.k0, a.k0);
        if (c == 0) {
            c = Long.compare(b.k1, a.k1);
        }
        if (c == 0) {
            c = Long.compare(b.k2, a.k2);
        }
        if (c == 0) {
            c = Long.compare(b.k3, a.k3);
        }
        return c != 0 ? c : Integer.compare(b.tracebackRank, a.tracebackRank);
    };

    private Grouping() {}

    /** Sorted by size, count, then traceback, all descending, as CPython's {@code sorted(..., reverse=True)}. */
    static List<Statistic> statistics(List<Trace> traces, KeyType keyType, boolean cumulative) {
        Group[] groups = group(traces, keyType, cumulative).values().toArray(new Group[0]);
        Traceback[] keys = new Traceback[groups.length];
        for (int i = 0; i < groups.length; i++) {
            keys[i] = groups[i].key;
        }
        int[] ranks = TracebackOrder.ranks(keys);
        List<Ranked<Statistic>> ranked = new ArrayList<>(groups.length);
        for (int i = 0; i < groups.length; i++) {
            Group g = groups[i];
            ranked.add(new Ranked<>(g.size, g.count, 0, 0, ranks[i], new Statistic(g.key, g.size, g.count)));
        }
        return sorted(ranked);
    }

    /**
     * Sorted by |sizeDiff|, size, |countDiff|, count, then traceback, all descending, as
     * CPython's compare_to. A group only in the new snapshot has diff == value; one only in the
     * old snapshot has size and count 0.
     */
    static List<StatisticDiff> compare(List<Trace> newTraces, List<Trace> oldTraces, KeyType keyType, boolean cumulative) {
        Map<?, Group> newGroups = group(newTraces, keyType, cumulative);
        Map<?, Group> oldGroups = group(oldTraces, keyType, cumulative);
        List<StatisticDiff> diffs = new ArrayList<>(newGroups.size() + oldGroups.size());
        newGroups.forEach((groupKey, now) -> {
            Group before = oldGroups.remove(groupKey);
            long oldSize = before == null ? 0 : before.size;
            long oldCount = before == null ? 0 : before.count;
            diffs.add(new StatisticDiff(now.key, now.size, now.size - oldSize, now.count, now.count - oldCount));
        });
        oldGroups.forEach((groupKey, gone) -> diffs.add(new StatisticDiff(gone.key, 0, -gone.size, 0, -gone.count)));
        Traceback[] keys = new Traceback[diffs.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = diffs.get(i).traceback();
        }
        int[] ranks = TracebackOrder.ranks(keys);
        List<Ranked<StatisticDiff>> ranked = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            StatisticDiff d = diffs.get(i);
            ranked.add(new Ranked<>(Math.abs(d.sizeDiff()), d.size(), Math.abs(d.countDiff()), d.count(), ranks[i], d));
        }
        return sorted(ranked);
    }

    private static <T> List<T> sorted(List<Ranked<T>> ranked) {
        ranked.sort(DESCENDING);
        List<T> results = new ArrayList<>(ranked.size());
        for (Ranked<T> entry : ranked) {
            results.add(entry.result());
        }
        return results;
    }

    /**
     * The groups, found by a frame (filename and lineno keys) or a traceback (traceback key), so
     * that groups of two snapshots can be matched. The domain of traces plays no part.
     */
    private static Map<?, Group> group(List<Trace> traces, KeyType keyType, boolean cumulative) {
        Map<Traceback, Group> byTraceback = sumPerTraceback(traces);
        if (keyType == KeyType.TRACEBACK) {
            return byTraceback;
        }
        // without cumulative there are at most as many groups as tracebacks: no rehashing
        Map<Frame, Group> byFrame = new HashMap<>(cumulative ? 16 : byTraceback.size() * 4 / 3 + 1);
        for (Group sum : byTraceback.values()) {
            Traceback traceback = sum.key;
            if (cumulative) {
                // Every frame counts, once per occurrence: recursion adds a block several times.
                for (Frame frame : traceback) {
                    byFrame.computeIfAbsent(keyFrame(frame, keyType), Grouping::newFrameGroup).add(sum.size, sum.count);
                }
            } else if (traceback.isEmpty() && keyType == KeyType.LINENO) {
                // CPython's key is frames[:1], which is empty here; 'filename' fails on frames[0].
                byFrame.computeIfAbsent(null, Grouping::newFrameGroup).add(sum.size, sum.count);
            } else {
                byFrame.computeIfAbsent(keyFrame(traceback.mostRecent(), keyType), Grouping::newFrameGroup)
                        .add(sum.size, sum.count);
            }
        }
        return byFrame;
    }

    private static Group newFrameGroup(Frame frame) {
        return new Group(frame == null ? new Traceback(List.of()) : Traceback.of(frame));
    }

    /** CPython groups by {@code (filename, lineno)}, or {@code (filename, 0)}; JVM method detail is left out. */
    private static Frame keyFrame(Frame frame, KeyType keyType) {
        return keyType == KeyType.LINENO ? frame.withoutMethod() : new Frame(frame.filename(), 0);
    }

    /** Size and count per traceback; the keys have no totalNframe, as CPython's statistics keys. */
    private static Map<Traceback, Group> sumPerTraceback(List<Trace> traces) {
        Map<Traceback, Group> sums = new HashMap<>();
        Traceback previous = null;
        Group sum = null;
        for (Trace trace : traces) {
            Traceback traceback = trace.traceback();
            if (traceback != previous) { // runs of one allocation site skip the lookup
                sum = sums.computeIfAbsent(traceback, t -> new Group(t.withoutTotalNframe()));
                previous = traceback;
            }
            sum.add(trace.size(), trace.count());
        }
        return sums;
    }
}
