package org.jtracemalloc;

import java.util.Comparator;
import java.util.List;

/**
 * What one thread allocated while {@link Tracemalloc#countAllocations(Runnable)} ran its code:
 * every traced heap allocation, whether the object is still live or already collected, grouped by
 * allocation site (file and line).
 *
 * @param statistics one per allocation site, biggest first (the order of {@link Snapshot#statistics})
 */
public record Allocations(List<Statistic> statistics) {
    /** Size, count, then traceback, all descending: CPython's statistics order. */
    private static final Comparator<Statistic> BIGGEST_FIRST = Comparator.comparingLong(Statistic::size)
            .thenComparingLong(Statistic::count)
            .thenComparing(Statistic::traceback)
            .reversed();

    public Allocations {
        statistics = statistics.stream().sorted(BIGGEST_FIRST).toList();
    }

    /** Bytes allocated. */
    public long size() {
        return statistics.stream().mapToLong(Statistic::size).sum();
    }

    /** Objects (and arrays) allocated. */
    public long count() {
        return statistics.stream().mapToLong(Statistic::count).sum();
    }
}
