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
 * cached hash. Only those sums are then spread over the statistics keys.
 */
final class Grouping {
    /** Descending by size, count, then traceback, as CPython's {@code sorted(..., reverse=True)}. */
    static final Comparator<Statistic> STATISTIC_ORDER = Comparator
            .comparingLong(Statistic::size)
            .thenComparingLong(Statistic::count)
            .thenComparing(Statistic::traceback)
            .reversed();

    /** Descending by |sizeDiff|, size, |countDiff|, count, then traceback, as CPython's compare_to. */
    static final Comparator<StatisticDiff> DIFF_ORDER = Comparator
            .comparingLong((StatisticDiff d) -> Math.abs(d.sizeDiff()))
            .thenComparingLong(StatisticDiff::size)
            .thenComparingLong(d -> Math.abs(d.countDiff()))
            .thenComparingLong(StatisticDiff::count)
            .thenComparing(StatisticDiff::traceback)
            .reversed();

    /** The running size and count of one group. */
    private static final class Totals {
        long size;
        long count;

        void add(long size, long count) {
            this.size += size;
            this.count += count;
        }
    }

    private Grouping() {}

    static List<Statistic> statistics(List<Trace> traces, KeyType keyType, boolean cumulative) {
        Map<Traceback, Totals> groups = group(traces, keyType, cumulative);
        List<Statistic> result = new ArrayList<>(groups.size());
        groups.forEach((key, totals) -> result.add(new Statistic(key, totals.size, totals.count)));
        result.sort(STATISTIC_ORDER);
        return result;
    }

    static List<StatisticDiff> compare(List<Trace> newTraces, List<Trace> oldTraces, KeyType keyType, boolean cumulative) {
        Map<Traceback, Totals> newGroups = group(newTraces, keyType, cumulative);
        Map<Traceback, Totals> oldGroups = group(oldTraces, keyType, cumulative);
        List<StatisticDiff> result = new ArrayList<>(newGroups.size() + oldGroups.size());
        newGroups.forEach((key, now) -> {
            Totals before = oldGroups.remove(key);
            long oldSize = before == null ? 0 : before.size;
            long oldCount = before == null ? 0 : before.count;
            result.add(new StatisticDiff(key, now.size, now.size - oldSize, now.count, now.count - oldCount));
        });
        oldGroups.forEach((key, gone) -> result.add(new StatisticDiff(key, 0, -gone.size, 0, -gone.count)));
        result.sort(DIFF_ORDER);
        return result;
    }

    /** The groups, keyed by tracebacks without totalNframe; the domain of traces plays no part. */
    private static Map<Traceback, Totals> group(List<Trace> traces, KeyType keyType, boolean cumulative) {
        Map<Traceback, Totals> byTraceback = sumPerTraceback(traces);
        if (keyType == KeyType.TRACEBACK) {
            Map<Traceback, Totals> groups = new HashMap<>(byTraceback.size() * 2);
            byTraceback.forEach((traceback, totals) -> groups.put(traceback.withoutTotalNframe(), totals));
            return groups;
        }
        Map<Frame, Totals> byFrame = new HashMap<>();
        byTraceback.forEach((traceback, totals) -> {
            if (cumulative) {
                // Every frame counts, once per occurrence: recursion adds a block several times.
                for (Frame frame : traceback) {
                    byFrame.computeIfAbsent(keyFrame(frame, keyType), k -> new Totals()).add(totals.size, totals.count);
                }
            } else if (traceback.isEmpty() && keyType == KeyType.LINENO) {
                // CPython's key is frames[:1], which is empty here; 'filename' fails on frames[0].
                byFrame.computeIfAbsent(null, k -> new Totals()).add(totals.size, totals.count);
            } else {
                byFrame.computeIfAbsent(keyFrame(traceback.mostRecent(), keyType), k -> new Totals())
                        .add(totals.size, totals.count);
            }
        });
        Map<Traceback, Totals> groups = new HashMap<>(byFrame.size() * 2);
        byFrame.forEach((frame, totals) ->
                groups.put(frame == null ? new Traceback(List.of()) : Traceback.of(frame), totals));
        return groups;
    }

    /** CPython groups by {@code (filename, lineno)}, or {@code (filename, 0)}; JVM method detail is left out. */
    private static Frame keyFrame(Frame frame, KeyType keyType) {
        return keyType == KeyType.LINENO ? frame.withoutMethod() : new Frame(frame.filename(), 0);
    }

    private static Map<Traceback, Totals> sumPerTraceback(List<Trace> traces) {
        Map<Traceback, Totals> sums = new HashMap<>();
        Traceback previous = null;
        Totals totals = null;
        for (Trace trace : traces) {
            Traceback traceback = trace.traceback();
            if (traceback != previous) { // runs of one allocation site skip the lookup
                totals = sums.computeIfAbsent(traceback, k -> new Totals());
                previous = traceback;
            }
            totals.add(trace.size(), 1);
        }
        return sums;
    }
}
