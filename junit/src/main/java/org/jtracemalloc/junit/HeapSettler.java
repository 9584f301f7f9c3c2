package org.jtracemalloc.junit;

import org.jtracemalloc.Tracemalloc;

/**
 * Collects garbage until the traced memory is what is really live: a single collection can still
 * leave objects that only became unreachable during it (a finalizer, a cleaner, a weak map's
 * expunged entry), so it collects in rounds ({@link Tracemalloc#collectGarbage()}, which also has
 * the store forget what was reclaimed) until the traced memory no longer shrinks. Bounded, so that
 * a JVM that ignores {@code System.gc()} ({@code -XX:+DisableExplicitGC}) does not hang the test.
 */
final class HeapSettler {
    private static final int MAX_ROUNDS = 10;

    private HeapSettler() {}

    /** Returns true when the heap settled within the bounds. */
    static boolean settle() {
        long previous = Long.MAX_VALUE;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean collected = Tracemalloc.collectGarbage();
            long current = Tracemalloc.getTracedMemory().current();
            if (collected && current >= previous) {
                return true;
            }
            previous = current;
        }
        return false;
    }
}
