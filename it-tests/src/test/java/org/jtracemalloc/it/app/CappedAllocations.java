package org.jtracemalloc.it.app;

import java.util.ArrayList;
import java.util.List;

import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.TraceStore;

/**
 * Run with the agent and a {@code maxTraces} cap below {@link #KEPT}: keeps that many small arrays
 * alive, then prints how many traces the snapshot holds and how many allocations were dropped.
 */
public final class CappedAllocations {
    public static final int KEPT = 100_000;

    private CappedAllocations() {}

    public static void main(String[] args) {
        List<int[]> kept = new ArrayList<>(KEPT);
        for (int i = 0; i < KEPT; i++) {
            kept.add(new int[4]);
        }
        System.out.println("traces " + Tracemalloc.takeSnapshot().traces().size());
        System.out.println("dropped " + TraceStore.droppedTraces());
        System.out.println("kept " + kept.size());
    }
}
