package org.jtracemalloc.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.WritableByteChannel;
import org.jtracemalloc.CorruptSnapshotException;
import org.jtracemalloc.Snapshot;

/** The format's two entry points: a snapshot to the bytes of its file, and those bytes back. */
public final class SnapshotCodec {
    private SnapshotCodec() {}

    /** Writes the bytes a snapshot file holds to {@code out}, which stays open. */
    public static void encode(Snapshot snapshot, WritableByteChannel out) throws IOException {
        try {
            SnapshotEncoder.encode(snapshot, out);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a snapshot too large to encode
        }
    }

    /**
     * The snapshot in a file's {@code bytes}, checked against every bound the format sets.
     *
     * @param fileName named in the messages of the exceptions
     * @throws CorruptSnapshotException naming the problem and its byte offset
     */
    public static Snapshot decode(byte[] bytes, String fileName) throws CorruptSnapshotException {
        return SnapshotDecoder.decode(bytes, fileName);
    }
}
