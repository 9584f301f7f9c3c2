package org.jtracemalloc;

import java.util.Objects;

/**
 * The memory of one group of traces in a snapshot, like Python's {@code tracemalloc.Statistic}
 * (there mutable; here an immutable record).
 *
 * @param traceback the group's key: one frame for the filename and lineno key types
 * @param size the total size of the group's memory blocks in bytes
 * @param count how many memory blocks the group has
 */
public record Statistic(Traceback traceback, long size, long count) {

    public Statistic {
        Objects.requireNonNull(traceback, "traceback");
    }

    /**
     * Python's {@code str(statistic)}: {@code b.py:1: size=66 B, count=1, average=66 B}, without
     * the average when count is 0. The traceback prints as its oldest frame.
     */
    @Override
    public String toString() {
        String text = traceback + ": size=" + SizeFormat.format(size, false) + ", count=" + count;
        return count == 0 ? text : text + ", average=" + SizeFormat.format((double) size / count, false);
    }

    /** Python's {@code repr(statistic)}: {@code <Statistic traceback=<Traceback ...> size=66 count=1>}. */
    public String repr() {
        return "<Statistic traceback=" + traceback.repr() + " size=" + size + " count=" + count + ">";
    }
}
