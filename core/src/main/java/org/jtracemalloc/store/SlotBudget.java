package org.jtracemalloc.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The caps on one generation's traces: the memory budget ({@code maxMemory}), turned into a
 * number of slots, and the {@code maxTraces} cap on live traces.
 *
 * <p>The memory budget counts the slots of the chunks the logs handed over after a sweep: what the
 * store retains across collections (a slot's arrays and, while its object lives, its weak handle).
 * The slots threads fill between two collections are not counted: they hold the handles of the
 * objects allocated since the last one, which live in the young generation and are bounded by it;
 * counting them would make a program that allocates fast drop traces with few live objects. The
 * trace cap counts live traces: the exact count of the last sweep plus every slot opened since
 * (so it holds, give or take a chunk opened while a sweep counts).
 *
 * <p>Kept without a shared counter per allocation: a thread reserves the slots of each chunk it
 * opens (once per up to 1024 allocations), packing gives back the slots of the chunks it empties.
 * At a cap every allocation is counted as dropped, one volatile read, until a sweep has made room
 * again ({@link #rebase}).
 */
final class SlotBudget {
    /**
     * The bytes a slot costs: its weak handle (a 32-byte {@code WeakReference}: 12-byte header,
     * four compressed references) and 8 bytes of arrays (the handle, the packed traceback id and
     * size; {@link TraceChunk}).
     */
    static final int BYTES_PER_SLOT = 40;

    private final AtomicLong held = new AtomicLong();
    private final AtomicLong retained = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private volatile long slotLimit;
    private volatile long maxTraces;
    private volatile long openedAtSweep;
    private volatile long liveOrOpenAtSweep;
    private volatile boolean atCapacity;

    SlotBudget(long slotLimit, long maxTraces) {
        this.slotLimit = slotLimit;
        this.maxTraces = maxTraces;
    }

    /**
     * A thread opening a chunk of {@code wanted} slots: how many it may have (0 sets the store at
     * its cap, and allocations are dropped until a sweep makes room).
     */
    int reserve(int wanted) {
        held.addAndGet(wanted);
        long overMemory = retained.get() >= slotLimit ? wanted : 0;
        // Clamped: counters read while threads append can put the sum a little below 0, and
        // "below 0 minus Long.MAX_VALUE" (no cap) would wrap around to a huge excess.
        long overTraces = Math.max(0, liveOrOpenAtSweep + opened.addAndGet(wanted) - openedAtSweep) - maxTraces;
        long over = Math.max(overMemory, overTraces);
        if (over <= 0) {
            return wanted;
        }
        int granted = (int) Math.max(0, wanted - over);
        held.addAndGet(granted - wanted);
        opened.addAndGet(granted - wanted);
        if (granted == 0) {
            atCapacity = true;
        }
        return granted;
    }

    /** Slots of a chunk a log handed over: retained from now on. */
    void retain(int slots) {
        retained.addAndGet(slots);
    }

    /** Slots that packing moved survivors into: retained, never refused (they replace emptier chunks). */
    void take(int slots) {
        held.addAndGet(slots);
        retained.addAndGet(slots);
    }

    /** Slots of a retained chunk that is gone. */
    void release(int slots) {
        held.addAndGet(-slots);
        retained.addAndGet(-slots);
    }

    /** Slots of every chunk of the generation. */
    long held() {
        return held.get();
    }

    long slotLimit() {
        return slotLimit;
    }

    boolean atCapacity() {
        return atCapacity;
    }

    /** Slots opened so far; read before counting for {@link #rebase}. */
    long opened() {
        return opened.get();
    }

    /**
     * Store lock held, after a sweep or a change of caps: the new limits, and the exact count of
     * live traces plus free slots of the chunks being filled, as it was after {@code openedBefore}
     * slots had been opened. Re-decides whether the store is at a cap.
     */
    void rebase(long slotLimit, long maxTraces, long liveOrOpen, long openedBefore) {
        this.slotLimit = slotLimit;
        this.maxTraces = maxTraces;
        openedAtSweep = openedBefore;
        liveOrOpenAtSweep = liveOrOpen;
        atCapacity = retained.get() >= slotLimit || liveOrOpen >= maxTraces;
    }
}
