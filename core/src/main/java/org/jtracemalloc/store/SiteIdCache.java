package org.jtracemalloc.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Site id to an id interned for it (its frame, or its one-frame traceback), so that the common
 * cases cost two loads here and no map lookup: with a traceback limit of 1 an allocation needs no
 * stack walk and no map lookup at all, and a deeper traceback starts from the site's frame.
 * Entries hold id + 1 (0 means not interned yet); a race only makes two threads intern the same
 * site, which the intern map settles to one id. Pages of 4096 sites, allocated on first use.
 */
final class SiteIdCache {
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGES = 1 << 13;
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(int[].class);

    private final AtomicReferenceArray<int[]> pages = new AtomicReferenceArray<>(PAGES);

    /** The cached id of {@code siteId}, or -1. */
    int get(int siteId) {
        int p = siteId >>> PAGE_BITS;
        if (p >= PAGES) {
            return -1;
        }
        int[] page = pages.get(p);
        return page == null ? -1 : (int) ELEMENT.getAcquire(page, siteId & (PAGE_SIZE - 1)) - 1;
    }

    void put(int siteId, int tracebackId) {
        int p = siteId >>> PAGE_BITS;
        if (p >= PAGES) {
            return; // beyond 2^25 sites: still correct, just interned through the map each time
        }
        int[] page = pages.get(p);
        if (page == null) {
            int[] fresh = new int[PAGE_SIZE];
            page = pages.compareAndExchange(p, null, fresh);
            if (page == null) {
                page = fresh;
            }
        }
        ELEMENT.setRelease(page, siteId & (PAGE_SIZE - 1), tracebackId + 1);
    }

    long estimatedBytes() {
        return IdIndex.pagedBytes(pages, PAGE_SIZE);
    }
}
