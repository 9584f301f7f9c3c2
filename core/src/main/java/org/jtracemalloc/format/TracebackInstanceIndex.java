package org.jtracemalloc.format;

import org.jtracemalloc.Traceback;

/**
 * Traceback instances (by identity) to their index in the file, for the encoder's lookup of every
 * trace's traceback. Open addressing on the hash the traceback caches: unlike an
 * {@code IdentityHashMap}, no {@code System.identityHashCode} per lookup (it reads the object
 * header and, the first time, installs the hash there), which was a third of the encoding time of
 * a million traces. Equal tracebacks from distinct instances get distinct entries with the same
 * index; the encoder merges them by value before adding them here.
 */
final class TracebackInstanceIndex {
    private Traceback[] keys = new Traceback[64];
    private int[] indices = new int[64];
    private int size;

    /** The index of {@code traceback}, or -1 when this instance was never added. */
    int get(Traceback traceback) {
        int mask = keys.length - 1;
        for (int slot = spread(traceback.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            Traceback key = keys[slot];
            if (key == traceback) {
                return indices[slot];
            }
            if (key == null) {
                return -1;
            }
        }
    }

    /** Adds an instance that {@link #get} does not know. */
    void put(Traceback traceback, int index) {
        if (4 * (size + 1) > keys.length) { // at most a quarter full: most lookups find their key at the first probe
            grow();
        }
        insert(traceback, index);
        size++;
    }

    private void insert(Traceback traceback, int index) {
        int mask = keys.length - 1;
        int slot = spread(traceback.hashCode()) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = traceback;
        indices[slot] = index;
    }

    private void grow() {
        Traceback[] oldKeys = keys;
        int[] oldIndices = indices;
        keys = new Traceback[oldKeys.length * 2];
        indices = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldIndices[i]);
            }
        }
    }

    /** The list hash of few frames varies mostly in its low bits' neighbours: mix the high ones in. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
