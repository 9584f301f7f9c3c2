package org.jtracemalloc.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jtracemalloc.Allocations;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Traceback;

/**
 * One thread's allocations by site while {@link TraceStore#countAllocations} runs. Confined to
 * that thread, and written on the recording path while the thread is marked busy, so the tally's
 * own allocations (map nodes, boxed ids) are never counted.
 */
final class AllocationTally {
    /** Per site: {bytes, objects}. */
    private final Map<Integer, long[]> bySite = new HashMap<>();

    void add(int siteId, long size) {
        long[] totals = bySite.get(siteId);
        if (totals == null) {
            totals = new long[2];
            bySite.put(siteId, totals);
        }
        totals[0] += size;
        totals[1]++;
    }

    /** The tally as one statistic per site, with the site's one-frame traceback. */
    Allocations allocations() {
        List<Statistic> statistics = new ArrayList<>(bySite.size());
        bySite.forEach((siteId, totals) -> statistics.add(new Statistic(siteTraceback(siteId), totals[0], totals[1])));
        return new Allocations(statistics);
    }

    private static Traceback siteTraceback(int siteId) {
        AllocationSites.Site site = AllocationSites.site(siteId);
        return new Traceback(List.of(site == null
                ? JvmFrames.frame(null, null, null, 0)
                : JvmFrames.frame(site.className(), site.methodName(), site.sourceFile(), site.line())));
    }
}
