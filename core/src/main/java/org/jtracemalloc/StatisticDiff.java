package org.jtracemalloc;

import java.util.Objects;

/**
 * How one group of traces changed between an old and a new snapshot, like Python's
 * {@code tracemalloc.StatisticDiff} (there mutable; here an immutable record).
 *
 * @param traceback the group's key
 * @param size the group's size in the new snapshot, in bytes (0 when the group is gone)
 * @param sizeDiff new size minus old size; equal to size for a group new in the new snapshot
 * @param count the group's block count in the new snapshot
 * @param countDiff new count minus old count; equal to count for a new group
 */
public record StatisticDiff(Traceback traceback, long size, long sizeDiff, long count, long countDiff) {

    public StatisticDiff {
        Objects.requireNonNull(traceback, "traceback");
    }

    /**
     * Python's {@code str(diff)}:
     * {@code a.py:5: size=5002 B (+5000 B), count=2 (+1), average=2501 B}, without the average
     * when count is 0.
     */
    @Override
    public String toString() {
        String text = traceback + ": size=" + SizeFormat.format(size, false)
                + " (" + SizeFormat.format(sizeDiff, true) + "), count=" + count
                + " (" + signed(countDiff) + ")";
        return count == 0 ? text : text + ", average=" + SizeFormat.format((double) size / count, false);
    }

    /** Python's {@code repr(diff)}: {@code <StatisticDiff traceback=<Traceback ...> size=5002 (+5000) count=2 (+1)>}. */
    public String repr() {
        return "<StatisticDiff traceback=" + traceback.repr() + " size=" + size + " (" + signed(sizeDiff)
                + ") count=" + count + " (" + signed(countDiff) + ")>";
    }

    /** Python's {@code "%+i"}. */
    private static String signed(long value) {
        return value < 0 ? Long.toString(value) : "+" + value;
    }
}
