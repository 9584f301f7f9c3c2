package org.jtracemalloc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jtracemalloc.format.SnapshotFiles;

/** The traces of the memory blocks that were live at one moment. Immutable. */
public final class Snapshot {
    private final List<Trace> traces;
    private final int tracebackLimit;

    public Snapshot(List<Trace> traces, int tracebackLimit) {
        this.traces = List.copyOf(traces);
        this.tracebackLimit = tracebackLimit;
    }

    public List<Trace> traces() {
        return traces;
    }

    public int tracebackLimit() {
        return tracebackLimit;
    }

    /** Writes this snapshot to {@code file} in the format of {@code docs/snapshot-format.md}. */
    public void dump(Path file) throws IOException {
        SnapshotFiles.write(this, file);
    }

    /** Reads a snapshot written by {@link #dump(Path)}. */
    public static Snapshot load(Path file) throws IOException {
        return SnapshotFiles.read(file);
    }
}
