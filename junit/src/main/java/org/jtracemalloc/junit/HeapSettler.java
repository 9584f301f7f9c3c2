package org.jtracemalloc.junit;

import java.lang.ref.WeakReference;
import org.jtracemalloc.Tracemalloc;

/**
 * Collects garbage until the traced memory is what is really live: a snapshot taken right after a
 * single {@code System.gc()} can still hold objects that only became unreachable during that
 * collection (a finalizer, a cleaner, a weak map's expunged entry), so it collects in rounds until
 * a fresh weak canary has been cleared and the traced memory no longer shrinks. Bounded, so that
 * a JVM that ignores {@code System.gc()} ({@code -XX:+DisableExplicitGC}) does not hang the test.
 */
final class HeapSettler {
    private static final int MAX_ROUNDS = 10;
    private static final int MAX_COLLECTIONS_PER_ROUND = 10;

    private HeapSettler() {}

    /** Returns true when the heap settled within the bounds. */
    static boolean settle() {
        long previous = Long.MAX_VALUE;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            WeakReference<Object> canary = new WeakReference<>(new Object());
            for (int i = 0; i < MAX_COLLECTIONS_PER_ROUND && !canary.refersTo(null); i++) {
                System.gc();
            }
            long current = Tracemalloc.getTracedMemory().current();
            if (canary.refersTo(null) && current >= previous) {
                return true;
            }
            previous = current;
        }
        return false;
    }
}
