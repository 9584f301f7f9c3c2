package org.jtracemalloc;

/**
 * A filter for {@link Snapshot#filterTraces(Iterable)}, like Python's
 * {@code tracemalloc.BaseFilter}. Inclusive filters are OR-ed (a trace must pass at least one);
 * exclusive filters are AND-ed (a trace excluded by any of them goes).
 */
public sealed interface BaseFilter permits Filter, DomainFilter {

    /** True: keep only what matches; false: drop what matches. */
    boolean inclusive();
}
