package org.jtracemalloc.bench.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The allocation-heavy loop of the whole-process benchmark, shaped like the loop CPython's
 * tracemalloc overhead is usually measured with: each iteration builds a small map, a small list
 * and a few strings, and one iteration in ten keeps its objects alive until the end, so the
 * tracer has both short-lived and live objects to handle. The iteration count is fixed (first
 * argument, default 2,000,000) so every configuration does the same work. It prints its own
 * time ({@link WorkloadTime}) besides the whole process's. The {@code // site:} markers name the
 * lines whose allocation counts an integration test checks (AllocationSnapshotTest).
 */
public final class AllocationLoop {
    private AllocationLoop() {}

    public static void main(String[] args) {
        WorkloadTime time = WorkloadTime.start();
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Object[] kept = new Object[iterations / 10 + 1];
        int keptCount = 0;
        long checksum = 0;
        for (int i = 0; i < iterations; i++) {
            Map<String, Integer> map = new HashMap<>(4); // site: map
            map.put("key", i);
            map.put("value" + (i & 7), i >> 3);
            List<Object> list = new ArrayList<>(4); // site: list
            list.add(map);
            list.add(Integer.toString(i));
            list.add(new int[] {i, i + 1}); // site: pair
            checksum += list.size() + map.size();
            if (i % 10 == 0) {
                kept[keptCount++] = list;
            }
        }
        time.print();
        // Printed so that the JIT cannot drop the loop as dead code.
        System.out.println("allocation loop: " + iterations + " iterations, " + keptCount + " kept, checksum " + checksum);
    }
}
