package org.jtracemalloc.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every log of one generation: one per platform thread that recorded in it, and a fixed set of
 * stripes that virtual threads share. A virtual thread holds a stripe only while it appends (a
 * CAS in, a release store out), which it does without blocking, so it cannot unmount while holding
 * one; so the stripes are busy at most as often as there are carriers, and the store's per-thread
 * memory depends on the carriers, not on how many virtual threads ever ran.
 *
 * <p>The totals are read without the store lock, in time proportional to the logs, never to the
 * traces: the lock holders that change the set of logs (adopting new ones, folding in the counts of
 * ended threads) do it inside a sequence lock, and readers retry across such a change.
 */
final class ThreadLogs {
    /** Logs of threads that joined since a lock holder last looked (a lock-free stack). */
    private final AtomicReference<ThreadLog> joined = new AtomicReference<>();
    private volatile ThreadLog[] adopted = new ThreadLog[0];
    private final ThreadLog[] stripes;
    /** Odd while a lock holder changes the set of logs. */
    private volatile int version;
    /** The counts of the ended threads whose logs were folded in. */
    private volatile long endedAdded;
    private volatile long endedAppended;
    private volatile long endedFreed;
    private volatile long endedFreedTraces;

    ThreadLogs(Generation generation) {
        int n = Integer.highestOneBit(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()) * 2 - 1);
        stripes = new ThreadLog[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new ThreadLog(generation, null);
        }
    }

    /** A new log for the calling platform thread. */
    ThreadLog join(Generation generation) {
        ThreadLog log = new ThreadLog(generation, Thread.currentThread());
        ThreadLog head;
        do {
            head = joined.get();
            log.nextJoined = head;
        } while (!joined.compareAndSet(head, log));
        return log;
    }

    /**
     * A stripe, held for the calling virtual thread until {@link ThreadLog#releaseHold}. Starts at
     * a stripe picked by the thread's id and moves on while they are held; a full turn of held
     * stripes (more appending virtual threads than stripes: many pinned carriers) spins briefly.
     */
    ThreadLog holdStripe() {
        int mask = stripes.length - 1;
        int i = (int) Thread.currentThread().getId();
        while (true) {
            for (int k = 0; k <= mask; k++) {
                ThreadLog stripe = stripes[(i + k) & mask];
                if (stripe.tryHold()) {
                    return stripe;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Store lock held: every log, the joined ones adopted first. */
    List<ThreadLog> all() {
        adoptJoined();
        List<ThreadLog> all = new ArrayList<>(adopted.length + stripes.length);
        all.addAll(Arrays.asList(adopted));
        all.addAll(Arrays.asList(stripes));
        return all;
    }

    private void adoptJoined() {
        if (joined.get() == null) {
            return;
        }
        version++;
        try {
            List<ThreadLog> logs = new ArrayList<>(Arrays.asList(adopted));
            for (ThreadLog log = joined.getAndSet(null); log != null; log = log.nextJoined) {
                logs.add(log);
            }
            adopted = logs.toArray(new ThreadLog[0]);
        } finally {
            version++;
        }
    }

    /**
     * Store lock held: forgets the logs of ended threads, whose chains the caller has adopted,
     * keeping their counts in the totals.
     */
    void fold(List<ThreadLog> ended) {
        if (ended.isEmpty()) {
            return;
        }
        version++;
        try {
            Set<ThreadLog> gone = new HashSet<>(ended); // identity: logs keep Object's equals
            List<ThreadLog> kept = new ArrayList<>(adopted.length);
            for (ThreadLog log : adopted) {
                if (gone.contains(log)) {
                    endedAdded += log.added();
                    endedAppended += log.appended();
                    endedFreed += log.freed();
                    endedFreedTraces += log.freedTraces();
                } else {
                    kept.add(log);
                }
            }
            adopted = kept.toArray(new ThreadLog[0]);
        } finally {
            version++;
        }
    }

    /** How many logs there are, for the store's estimate of its own memory. */
    int count() {
        return adopted.length + stripes.length;
    }

    /** The sums over every log, ended ones included; any thread, no lock. */
    Totals totals() {
        while (true) {
            int before = version;
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            Totals totals = new Totals();
            totals.added = endedAdded;
            totals.appended = endedAppended;
            totals.freed = endedFreed;
            totals.freedTraces = endedFreedTraces;
            for (ThreadLog log : adopted) {
                totals.add(log);
            }
            for (ThreadLog log = joined.get(); log != null; log = log.nextJoined) {
                totals.add(log);
            }
            for (ThreadLog log : stripes) {
                totals.add(log);
            }
            if (version == before) {
                return totals;
            }
        }
    }

    /** Bytes and traces recorded, and found dead by sweeps of the logs' chains. */
    static final class Totals {
        long added;
        long appended;
        long freed;
        long freedTraces;

        private void add(ThreadLog log) {
            added += log.added();
            appended += log.appended();
            freed += log.freed();
            freedTraces += log.freedTraces();
        }
    }
}
