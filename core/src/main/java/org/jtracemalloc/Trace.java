package org.jtracemalloc;

import java.util.Objects;

/** One traced memory block: its domain, its size in bytes and where it was allocated. */
public final class Trace {
    private final int domain;
    private final long size;
    private final Traceback traceback;

    public Trace(int domain, long size, Traceback traceback) {
        this.domain = domain;
        this.size = size;
        this.traceback = Objects.requireNonNull(traceback, "traceback");
    }

    public int domain() {
        return domain;
    }

    public long size() {
        return size;
    }

    public Traceback traceback() {
        return traceback;
    }
}
