package org.jtracemalloc;

import java.util.Objects;

/**
 * One traced memory block: its domain, its size in bytes and where it was allocated, like
 * Python's {@code tracemalloc.Trace}. Immutable.
 *
 * <p>Equality covers domain, size, the traceback's frames AND its {@code totalNframe}, as CPython
 * compares the whole raw trace tuple (while {@link Traceback} equality ignores totalNframe).
 */
public final class Trace {
    private final int domain;
    private final long size;
    private final Traceback traceback;
    private final long count;

    public Trace(int domain, long size, Traceback traceback) {
        this(domain, size, traceback, 1);
    }

    /**
     * A trace that stands for {@code count} blocks: a sampled allocation ({@code docs/sampling.md})
     * whose {@code size} is the estimated bytes of all of them.
     *
     * @throws IllegalArgumentException when {@code count} is less than 1
     */
    public Trace(int domain, long size, Traceback traceback, long count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        this.domain = domain;
        this.size = size;
        this.traceback = Objects.requireNonNull(traceback, "traceback");
        this.count = count;
    }

    /** The address space: {@code Tracemalloc.HEAP_DOMAIN} for Java objects, or another. */
    public int domain() {
        return domain;
    }

    /** The size of the block in bytes; for a sampled trace, the estimated bytes of the blocks it stands for. */
    public long size() {
        return size;
    }

    /** How many blocks this trace stands for in statistics: 1, or the estimate of a sampled trace. */
    public long count() {
        return count;
    }

    public Traceback traceback() {
        return traceback;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Trace t
                && domain == t.domain
                && size == t.size
                && count == t.count
                && traceback.equals(t.traceback)
                && Objects.equals(traceback.totalNframe(), t.traceback.totalNframe());
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, size, traceback, traceback.totalNframe());
    }

    /** Python's {@code str(trace)}: the traceback's OLDEST frame and the size, {@code b.py:4: 10 B}. */
    @Override
    public String toString() {
        return traceback + ": " + SizeFormat.format(size, false);
    }

    /** Python's {@code repr(trace)}: {@code <Trace domain=0 size=10 B, traceback=<Traceback ...>>}. */
    public String repr() {
        return "<Trace domain=" + domain + " size=" + SizeFormat.format(size, false)
                + ", traceback=" + traceback.repr() + ">";
    }
}
