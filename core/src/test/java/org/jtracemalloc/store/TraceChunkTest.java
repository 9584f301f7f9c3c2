package org.jtracemalloc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** A chunk's slots keep every traceback id and size, whether they pack into one int or not. */
class TraceChunkTest {
    private static final long[][] ID_AND_SIZE = {
        {0, 16}, {1, 32_760}, {1_048_574, 24}, // the largest that pack
        {3, 32_768}, {1_048_575, 16}, {Integer.MAX_VALUE, (32L << 30) - 8}, {7, 0}, // wider, and an empty size
    };

    @Test
    void slotsKeepTheirTracebackIdAndSizeAppendedAndCopied() {
        Object kept = new Object();
        TraceChunk chunk = new TraceChunk(TraceChunk.MIN_CAPACITY, null);
        for (long[] slot : ID_AND_SIZE) {
            assertTrue(chunk.tryAppend(new WeakReference<>(kept), (int) slot[0], TraceChunk.units(slot[1])));
        }
        TraceChunk copy = new TraceChunk(TraceChunk.MIN_CAPACITY, null);
        for (int i = ID_AND_SIZE.length - 1; i >= 0; i--) {
            copy.appendCopy(chunk, i);
        }
        for (int i = 0; i < ID_AND_SIZE.length; i++) {
            long[] slot = ID_AND_SIZE[i];
            assertEquals(slot[0], chunk.tracebackId(i), "id of slot " + i);
            assertEquals(slot[1], chunk.size(i), "size of slot " + i);
            int copied = ID_AND_SIZE.length - 1 - i;
            assertEquals(slot[0], copy.tracebackId(copied), "id of copied slot " + copied);
            assertEquals(slot[1], copy.size(copied), "size of copied slot " + copied);
        }
    }
}
