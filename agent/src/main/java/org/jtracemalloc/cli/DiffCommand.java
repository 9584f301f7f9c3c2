package org.jtracemalloc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jtracemalloc.KeyType;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.report.SnapshotCaveats;
import org.jtracemalloc.report.TopListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", description = {
    "Print what changed between two snapshots, largest change first, with signs (Snapshot.compareTo).",
    "Each SNAPSHOT is a snapshot file, or the PID of a tracing JVM (a snapshot is taken now).",
})
final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD", description = "The earlier snapshot file (or PID).")
    String oldSource;

    @Parameters(index = "1", paramLabel = "NEW", description = "The later snapshot file (or PID).")
    String newSource;

    @Mixin
    StatisticsOptions options;

    @Mixin
    LiveSnapshotOption liveSnapshot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KeyType keyType = options.keyType();
        int limit = options.limit();
        Snapshot old = options.filter(SnapshotSource.read(oldSource, liveSnapshot.settle(), spec.commandLine().getErr()));
        Snapshot current = options.filter(SnapshotSource.read(newSource, liveSnapshot.settle(), spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        SnapshotCaveats.heading(old).forEach(line -> out.println("Old snapshot: " + line));
        SnapshotCaveats.heading(current).forEach(line -> out.println("New snapshot: " + line));
        TopListing.diff(current.compareTo(old, keyType, options.cumulative), keyType, limit).forEach(out::println);
        SnapshotCaveats.of(old).forEach(line -> out.println("Old snapshot: " + line));
        SnapshotCaveats.of(current).forEach(line -> out.println("New snapshot: " + line));
        return 0;
    }
}
