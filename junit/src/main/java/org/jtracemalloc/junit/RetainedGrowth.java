package org.jtracemalloc.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jtracemalloc.Filter;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.StatisticDiff;

/** What a test retained: the filtered traces after it, compared by line with those before it. */
final class RetainedGrowth {
    private final List<StatisticDiff> changedLines;
    private final long size;
    private final long count;

    private RetainedGrowth(List<StatisticDiff> changedLines) {
        this.changedLines = changedLines;
        this.size = changedLines.stream().mapToLong(StatisticDiff::sizeDiff).sum();
        this.count = changedLines.stream().mapToLong(StatisticDiff::countDiff).sum();
    }

    static RetainedGrowth between(Snapshot before, Snapshot after, List<Filter> filters) {
        List<StatisticDiff> diff = after.filterTraces(filters).compareTo(before.filterTraces(filters), "lineno");
        return new RetainedGrowth(diff.stream().filter(d -> d.sizeDiff() != 0 || d.countDiff() != 0).toList());
    }

    /** The filters of {@code @MaxRetained}: any frame in an included file, allocated in no excluded file. */
    static List<Filter> filters(MaxRetained limit) {
        List<Filter> filters = new ArrayList<>();
        if (limit != null) {
            for (String glob : limit.include()) {
                filters.add(new Filter(true, glob, null, true, null));
            }
            for (String glob : limit.exclude()) {
                filters.add(new Filter(false, glob));
            }
        }
        return filters;
    }

    /** Bytes retained; negative when the test freed more than it kept. */
    long size() {
        return size;
    }

    /** Blocks retained. */
    long count() {
        return count;
    }

    /** Whether no line changed (sizes and counts may still sum to 0 when some lines did). */
    boolean noLineChanged() {
        return changedLines.isEmpty();
    }

    /** The lines that changed most (CPython's compare_to order), one per line, indented. */
    String topLines(int limit) {
        String lines = changedLines.stream().limit(limit).map(d -> "  " + d).collect(Collectors.joining("\n"));
        int others = changedLines.size() - limit;
        return others <= 0 ? lines : lines + "\n  ... and " + others + " other lines";
    }
}
