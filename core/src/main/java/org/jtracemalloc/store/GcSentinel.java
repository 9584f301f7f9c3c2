package org.jtracemalloc.store;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Tells that a garbage collection happened, without JMX: a weak reference to an unreachable
 * object is cleared by the first collection that looks at it (it is young, so any young or full
 * collection does), then enqueued, which wakes the sweeper. Loading the platform MXBeans and
 * registering GC notification listeners would cost start-up time and allocations on the JDK's
 * notification thread; this costs one tiny object per collection.
 *
 * <p>The sweeper advances {@link #epoch()} each time it wakes: allocating threads compare it with
 * the epoch of their last sweep, one volatile read per chunk they open, to know that the objects
 * of their older chunks had a collection in which to die.
 *
 * <p>Objects that die in the old generation during a concurrent cycle are noticed at the next
 * young collection after it, which in an allocating program comes soon.
 */
final class GcSentinel {
    private static volatile long epoch;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private WeakReference<Object> armed = arm(); // guarded by the store lock

    private WeakReference<Object> arm() {
        return new WeakReference<>(new Object(), queue);
    }

    /** How many times the sweeper woke after a collection; it only ever grows. */
    static long epoch() {
        return epoch;
    }

    /** True once per collection (or run of collections) since the previous true; store lock held. */
    boolean collectedSinceLastCheck() {
        if (!armed.refersTo(null)) {
            return false;
        }
        armed = arm();
        return true;
    }

    /** Blocks until a collection has cleared a sentinel, then advances the epoch (the sweeper only). */
    void awaitCollection() throws InterruptedException {
        queue.remove();
        epoch++; // one writer
    }
}
