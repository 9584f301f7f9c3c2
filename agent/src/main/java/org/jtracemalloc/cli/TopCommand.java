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

@Command(name = "top", description = {
    "Print the lines that hold the most live memory, as the tracemalloc documentation's display_top recipe does",
    "(of an allocation snapshot: the lines that allocated the most).",
    "SNAPSHOT is a snapshot file, or the PID of a tracing JVM (a snapshot is taken now).",
})
final class TopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "A snapshot file, or the PID of a tracing JVM.")
    String source;

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
        Snapshot snapshot = options.filter(SnapshotSource.read(source, liveSnapshot.settle(), spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        SnapshotCaveats.heading(snapshot).forEach(out::println);
        TopListing.top(snapshot.statistics(keyType, options.cumulative), keyType, limit).forEach(out::println);
        SnapshotCaveats.of(snapshot).forEach(out::println);
        return 0;
    }
}
