package org.jtracemalloc.http;

import java.lang.ref.WeakReference;

/**
 * The {@code gc=1} of a request: a collection before the snapshot, as Go's heap profile handler
 * runs {@code runtime.GC()}, so that the profile holds no object that was already unreachable.
 */
final class ExplicitCollection {
    /** {@code System.gc()} is only a request (a JVM with {@code -XX:+DisableExplicitGC} ignores it): bounded tries. */
    private static final int MAX_TRIES = 5;

    private ExplicitCollection() {}

    /**
     * Asks for collections until an object that was only weakly reachable is cleared, which a
     * collection of the whole heap does, or {@link #MAX_TRIES} have been asked for.
     */
    static void run() {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        for (int i = 0; i < MAX_TRIES && !canary.refersTo(null); i++) {
            System.gc();
        }
    }
}
