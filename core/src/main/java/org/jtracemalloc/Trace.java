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

    public Trace(int domain, long size, Traceback traceback) {
        this.domain = domain;
        this.size = size;
        this.traceback = Objects.requireNonNull(traceback, "traceback");
    }

    /** The address space: {@code Tracemalloc.HEAP_DOMAIN} for Java objects, or another. */
    public int domain() {
        return domain;
    }

    /** The size of the block in bytes. */
    public long size() {
        return size;
    }

    public Traceback traceback() {
        return traceback;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Trace t
                && domain == t.domain
                && size == t.size
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
