package org.jtracemalloc.store;

import java.lang.ref.WeakReference;

/**
 * The liveness handle of one traced heap object, and its trace: the traceback id and the size.
 *
 * <p>A {@link WeakReference} without a queue: the GC only clears it, never enqueues it, so there
 * is no Reference Handler work and no drain thread to fall behind; the sweeper finds the dead with
 * {@code refersTo(null)}, and {@code refersTo(obj)} answers {@code getObjectTraceback}. With
 * compressed oops the object is 12 (header) + 16 (referent, queue, next, discovered) + 8 (two
 * ints) = 36, aligned to 40 bytes.
 */
final class TracedRef extends WeakReference<Object> {
    final int tracebackId;
    /** The size in 8-byte units, unsigned: every JVM object size is a multiple of 8, up to 32 GiB. */
    private final int sizeUnits;

    TracedRef(Object referent, int tracebackId, long size) {
        super(referent);
        this.tracebackId = tracebackId;
        this.sizeUnits = (int) ((size + 7) >>> 3);
    }

    /** The size in bytes (rounded up to 8, which every HotSpot object size already is). */
    long size() {
        return Integer.toUnsignedLong(sizeUnits) << 3;
    }
}
