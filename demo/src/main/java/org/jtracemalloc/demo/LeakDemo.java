package org.jtracemalloc.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.StatisticDiff;
import org.jtracemalloc.Tracemalloc;

/**
 * A request handler with a slow leak: every request leaves its session in a cache that is never
 * evicted, while the rest of what a request allocates is garbage. Run with the agent, the diff of
 * two snapshots points at the cache line, as {@code tracemalloc}'s "compare snapshots" recipe does
 * in Python.
 */
public final class LeakDemo {
    private static final Map<Integer, Session> SESSIONS = new HashMap<>();

    private record Session(int id, byte[] payload, List<String> tags) {}

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        if (!Tracemalloc.isTracing()) {
            Tracemalloc.start(4);
        }
        serve(0, requests);
        System.gc();
        Snapshot before = Tracemalloc.takeSnapshot();
        serve(requests, requests);
        System.gc();
        Snapshot after = Tracemalloc.takeSnapshot();

        System.out.println("[ Top 5 lines by live memory ]");
        List<Statistic> top = after.statistics("lineno");
        for (Statistic stat : top.subList(0, Math.min(5, top.size()))) {
            System.out.println(stat);
        }
        System.out.println();
        System.out.println("[ Top 5 differences ]");
        List<StatisticDiff> diff = after.compareTo(before, "lineno");
        for (StatisticDiff stat : diff.subList(0, Math.min(5, diff.size()))) {
            System.out.println(stat);
        }
        System.out.println();
        System.out.println("[ Traceback of the biggest growth ]");
        for (String line : after.compareTo(before, "traceback").get(0).traceback().format()) {
            System.out.println(line);
        }
        System.out.printf("%nTraced memory: current=%d B, peak=%d B%n",
                Tracemalloc.getTracedMemory().current(), Tracemalloc.getTracedMemory().peak());
    }

    private static void serve(int firstId, int count) {
        for (int id = firstId; id < firstId + count; id++) {
            handle(id);
        }
    }

    private static void handle(int id) {
        String request = "GET /items/" + id;        // garbage
        StringBuilder response = new StringBuilder(); // garbage
        response.append(request).append(" -> 200");
        remember(id);
    }

    private static void remember(int id) {
        List<String> tags = new ArrayList<>();
        tags.add("user-" + (id % 97));
        SESSIONS.put(id, new Session(id, new byte[64], tags)); // the leak: never evicted
    }

    private LeakDemo() {}
}
