package org.jtracemalloc.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An append-only array indexed by dense ids, read without locks. Two levels (a fixed directory of
 * lazily allocated pages) so that it grows without copying and without a lock: a racing page
 * allocation is settled by one CAS. Holds up to 2^25 ids.
 */
final class IdIndex<T> {
    private static final int PAGE_BITS = 13;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGES = 1 << 12;
    static final int CAPACITY = PAGES * PAGE_SIZE;
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final AtomicReferenceArray<Object[]> pages = new AtomicReferenceArray<>(PAGES);

    /** Stores {@code value} under {@code id} (0 &lt;= id &lt; CAPACITY), visible to later {@link #get} callers. */
    void set(int id, T value) {
        int p = id >>> PAGE_BITS;
        Object[] page = pages.get(p);
        if (page == null) {
            Object[] fresh = new Object[PAGE_SIZE];
            page = pages.compareAndExchange(p, null, fresh);
            if (page == null) {
                page = fresh;
            }
        }
        ELEMENT.setRelease(page, id & (PAGE_SIZE - 1), value);
    }

    @SuppressWarnings("unchecked")
    T get(int id) {
        Object[] page = pages.get(id >>> PAGE_BITS);
        return page == null ? null : (T) ELEMENT.getAcquire(page, id & (PAGE_SIZE - 1));
    }

    long estimatedBytes() {
        return pagedBytes(pages, PAGE_SIZE);
    }

    /**
     * The bytes of a lazily paged table of 4-byte elements (compressed references or ints): the
     * page directory, plus each page that has been allocated.
     */
    static long pagedBytes(AtomicReferenceArray<?> pages, int pageSize) {
        long bytes = 16 + 16 + 4L * pages.length();
        for (int p = 0; p < pages.length(); p++) {
            if (pages.get(p) != null) {
                bytes += 16 + 4L * pageSize;
            }
        }
        return bytes;
    }
}
