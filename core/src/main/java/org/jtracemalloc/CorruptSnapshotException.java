package org.jtracemalloc;

import java.io.IOException;

/** A snapshot file that cannot be read; the message names the problem and the byte offset. */
public final class CorruptSnapshotException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /** A problem described by {@code message}, found at byte {@code offset} of the file. */
    public CorruptSnapshotException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /** The offset in the file of the byte where the problem was found. */
    public long offset() {
        return offset;
    }
}
