package org.jtracemalloc.store;

import java.lang.ref.WeakReference;

/**
 * Counts garbage collections as the store needs them, without JMX: a weak reference to an
 * otherwise unreachable object is cleared by the first young or full collection that looks at it.
 * Holders of the store lock poll ({@link #poll}: the sweeper thread every few milliseconds, a
 * snapshot before it sweeps); allocating threads read the epoch, one volatile read per chunk they
 * open.
 *
 * <p>Two sentinels, and a fresh one at every poll, because one sentinel can stay uncleared through
 * many collections: G1's concurrent marking discovers the weak references it visits, a young
 * collection then cannot clear such a reference's referent and copies it (promotes it, in the end),
 * and only a later marking cycle clears it. A sentinel made after the marking began is not visited
 * by it, so the newest one is cleared by the next collection. Not a {@code ReferenceQueue} either:
 * the sentinel would wait behind every handle the collector cleared on the Reference Handler
 * thread. JMX's collection counts would cost the platform MXBeans' start-up.
 */
final class GcEpoch {
    private static volatile long epoch;
    private static WeakReference<Object> newer = arm(); // store lock holders
    private static WeakReference<Object> older = arm();

    private GcEpoch() {}

    private static WeakReference<Object> arm() {
        return new WeakReference<>(new Object());
    }

    /** How many polls saw a collection since the previous one; it only ever grows. */
    static long current() {
        return epoch;
    }

    /** Store lock held: advances the epoch if a collection happened since the last poll. */
    static long poll() {
        if (newer.refersTo(null) || older.refersTo(null)) {
            older = arm();
            newer = arm();
            epoch++; // one writer at a time: the lock holder
        } else {
            older = newer;
            newer = arm();
        }
        return epoch;
    }
}
