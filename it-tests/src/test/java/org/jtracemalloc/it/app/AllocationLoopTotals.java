package org.jtracemalloc.it.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;

/**
 * Run with the agent and a loop class on the class path (the bench module's allocation loop):
 * allocates one object of each of the loop's kinds at the lines marked {@code // site: NAME} and
 * keeps them, runs the loop's {@code main} with the given iteration count, then prints the
 * allocation snapshot's statistics (tracemalloc's format, {@code allocated STATISTIC}) and the live
 * snapshot's ({@code live STATISTIC}), which give the size of one object of each kind, and dumps the
 * allocation snapshot to the given file.
 *
 * <p>Arguments: the loop's class name, its iteration count, the dump file.
 */
public final class AllocationLoopTotals {
    private AllocationLoopTotals() {}

    public static void main(String[] args) throws Exception {
        Map<String, Integer> map = new HashMap<>(4); // site: map
        List<Object> list = new ArrayList<>(4); // site: list
        int[] pair = new int[] {1, 2}; // site: pair
        Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) new String[] {args[1]});
        Snapshot allocated = Tracemalloc.takeAllocationSnapshot();
        allocated.dump(Path.of(args[2]));
        for (Statistic statistic : allocated.statistics("lineno")) {
            System.out.println("allocated " + statistic);
        }
        for (Statistic statistic : Tracemalloc.takeSnapshot().statistics("lineno")) {
            System.out.println("live " + statistic);
        }
        System.out.println("kept " + map.size() + " " + list.size() + " " + pair.length);
    }
}
