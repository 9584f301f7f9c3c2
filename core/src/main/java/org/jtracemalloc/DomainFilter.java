package org.jtracemalloc;

/** Keeps (inclusive) or drops (exclusive) the traces of one address space, like Python's {@code tracemalloc.DomainFilter}. */
public final class DomainFilter implements BaseFilter {
    private final boolean inclusive;
    private final int domain;

    public DomainFilter(boolean inclusive, int domain) {
        this.inclusive = inclusive;
        this.domain = domain;
    }

    @Override
    public boolean inclusive() {
        return inclusive;
    }

    public int domain() {
        return domain;
    }

    /** Whether {@code trace} passes this filter (CPython's {@code _match}). */
    boolean test(Trace trace) {
        return (trace.domain() == domain) == inclusive;
    }
}
