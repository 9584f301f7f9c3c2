package org.jtracemalloc.format;

import java.io.IOException;
import java.nio.file.Path;
import org.jtracemalloc.Snapshot;

/** Reads and writes snapshot files. */
public final class SnapshotFiles {
    private SnapshotFiles() {}

    public static void write(Snapshot snapshot, Path file) throws IOException {
        throw new IOException("TODO(format): not written yet");
    }

    public static Snapshot read(Path file) throws IOException {
        throw new IOException("TODO(format): not written yet");
    }
}
