package org.jtracemalloc.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;

/**
 * A snapshot's traces summed per distinct stack (domain and traceback), in the order the stacks
 * first appear. Traces share their traceback objects (and a traceback caches its hash), so the
 * renderers name each stack's frames once per stack rather than once per trace.
 */
final class StackTotals {
    private StackTotals() {}

    record Stack(int domain, Traceback traceback) {}

    /** The blocks the traces stand for (their counts: 1 each, a sampled estimate, or allocations) and their bytes. */
    static final class Sums {
        long count;
        long bytes;
    }

    static Map<Stack, Sums> of(Snapshot snapshot) {
        Map<Stack, Sums> totals = new LinkedHashMap<>();
        for (Trace trace : snapshot.traces()) {
            Sums sums = totals.computeIfAbsent(new Stack(trace.domain(), trace.traceback()), stack -> new Sums());
            sums.count += trace.count();
            sums.bytes += trace.size();
        }
        return totals;
    }
}
