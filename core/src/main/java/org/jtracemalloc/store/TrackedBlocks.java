package org.jtracemalloc.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jtracemalloc.Trace;

/**
 * The blocks of domains other than the heap, reported by {@code Tracemalloc.track} and
 * {@code untrack} (the agent's native domain among them): a map by domain and id. Written by store
 * lock holders; the byte and block counts are read by any thread.
 */
final class TrackedBlocks {
    /**
     * Its equals and hashCode are written out, as {@code TracebackTable}'s frame key's: a record's
     * generated ones bootstrap {@code ObjectMethods} at their first call, which here would be the
     * first tracked block, inside an instrumented {@code Unsafe.allocateMemory} when the native
     * domain is traced (about 40 method-handle classes defined there).
     */
    private record Key(int domain, long id) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && domain == k.domain && id == k.id;
        }

        @Override
        public int hashCode() {
            return 31 * domain + Long.hashCode(id);
        }
    }

    private record Block(long size, int tracebackId) {}

    private final Map<Key, Block> blocks = new HashMap<>();
    private volatile long bytes;
    private volatile int count;

    /** Adds or replaces the block; returns the bytes of the block it replaced, or 0. */
    long track(int domain, long id, long size, int tracebackId) {
        Block previous = blocks.put(new Key(domain, id), new Block(size, tracebackId));
        long replaced = previous == null ? 0 : previous.size();
        bytes += size - replaced;
        count = blocks.size();
        return replaced;
    }

    /** Forgets the block if it is tracked; returns whether it was. */
    boolean untrack(int domain, long id) {
        Block block = blocks.remove(new Key(domain, id));
        if (block == null) {
            return false;
        }
        bytes -= block.size();
        count = blocks.size();
        return true;
    }

    /** Whether {@code untrack(domain, id)} would lower the traced bytes. */
    boolean tracks(int domain, long id) {
        Block block = blocks.get(new Key(domain, id));
        return block != null && block.size() > 0;
    }

    long bytes() {
        return bytes;
    }

    int count() {
        return count;
    }

    /** The map's nodes, keys and values. */
    long estimatedBytes() {
        return count * 96L;
    }

    /** One trace per block, its traceback from {@code tables}. */
    void addTraces(List<Trace> traces, TracebackTable tables) {
        blocks.forEach((key, block) ->
                traces.add(new Trace(key.domain(), block.size(), tables.traceback(block.tracebackId()))));
    }
}
