package org.jtracemalloc.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Frame;
import org.jtracemalloc.KeyType;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.StatisticDiff;

/**
 * The listings of the tracemalloc documentation's recipes: {@code display_top} ("Pretty top") for
 * one snapshot and "Compute differences" for two, line for line as CPython prints them. The JVM
 * has no source text, so the recipe's source line under each entry is left out; with the
 * {@code traceback} key each entry is followed by its formatted frames instead.
 */
public final class TopListing {
    private static final BigDecimal KIB = BigDecimal.valueOf(1024);

    private TopListing() {}

    /**
     * {@code display_top(snapshot, key_type, limit)}: "Top N lines", one {@code #i: file:line: x KiB}
     * entry per statistic up to {@code limit}, "n other: x KiB" when some are left out, and
     * "Total allocated size: x KiB".
     */
    public static List<String> top(List<Statistic> statistics, KeyType keyType, int limit) {
        List<String> lines = new ArrayList<>();
        lines.add("Top " + limit + " lines");
        int shown = Math.min(limit, statistics.size());
        for (int index = 0; index < shown; index++) {
            Statistic stat = statistics.get(index);
            // the recipe prints traceback[0], the oldest frame (the only one unless key is traceback)
            Frame frame = stat.traceback().get(0);
            lines.add("#" + (index + 1) + ": " + frame.filename() + ":" + frame.lineno() + ": " + kib(stat.size()) + " KiB");
            if (keyType == KeyType.TRACEBACK) {
                lines.addAll(stat.traceback().format());
            }
        }
        List<Statistic> other = statistics.subList(shown, statistics.size());
        if (!other.isEmpty()) {
            lines.add(other.size() + " other: " + kib(other.stream().mapToLong(Statistic::size).sum()) + " KiB");
        }
        lines.add("Total allocated size: " + kib(statistics.stream().mapToLong(Statistic::size).sum()) + " KiB");
        return lines;
    }

    /**
     * The "Compute differences" recipe: "[ Top N differences ]" and {@code str(stat)} for the first
     * {@code limit} entries of {@code compare_to} (largest change first, signed), each followed by
     * its formatted frames with the {@code traceback} key.
     */
    public static List<String> diff(List<StatisticDiff> differences, KeyType keyType, int limit) {
        List<String> lines = new ArrayList<>();
        lines.add("[ Top " + limit + " differences ]");
        for (StatisticDiff stat : differences.subList(0, Math.min(limit, differences.size()))) {
            lines.add(stat.toString());
            if (keyType == KeyType.TRACEBACK) {
                lines.addAll(stat.traceback().format());
            }
        }
        return lines;
    }

    /**
     * Python's {@code "%.1f" % (size / 1024)}: the quotient is exact in binary, and {@code %.1f}
     * rounds the exact value half to even ({@code 0.25 -> "0.2"}), unlike {@link String#format}.
     */
    static String kib(long bytes) {
        return new BigDecimal(bytes).divide(KIB).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
