package org.jtracemalloc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.report.PprofProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pprof", description = {
    "Write snapshots as a gzipped pprof profile, for go tool pprof, Pyroscope, Grafana or Parca. A snapshot of",
    "live blocks gives the sample types inuse_objects/count and inuse_space/bytes, an allocation snapshot",
    "(snapshot --allocated) alloc_objects/count and alloc_space/bytes; one of each gives Go's four heap types.",
})
final class PprofCommand implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "FILE",
            description = "A snapshot file, or an allocation snapshot and a snapshot of live blocks, in either order.")
    List<Path> files;

    @Option(names = "-o", paramLabel = "PROFILE", required = true, description = "The profile to write (e.g. profile.pb.gz).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Snapshot first = SnapshotSource.load(files.get(0), spec.commandLine().getErr());
        if (files.size() == 1) {
            OutputFile.write(output, PprofProfile.gzipped(first));
            spec.commandLine().getOut().printf("wrote %d traces to %s%n", first.traces().size(), output);
            return 0;
        }
        Snapshot second = SnapshotSource.load(files.get(1), spec.commandLine().getErr());
        if (first.isAllocationSnapshot() == second.isAllocationSnapshot()) {
            throw new UnusableInputException(files.get(0) + " and " + files.get(1) + " are both "
                    + (first.isAllocationSnapshot() ? "allocation snapshots" : "snapshots of live blocks")
                    + ": a heap profile takes one of each (snapshot PID FILE --allocated takes an allocation snapshot)", null);
        }
        Snapshot allocated = first.isAllocationSnapshot() ? first : second;
        Snapshot live = first.isAllocationSnapshot() ? second : first;
        OutputFile.write(output, PprofProfile.gzippedHeap(allocated, live, "inuse_space"));
        spec.commandLine().getOut().printf("wrote %d allocation totals and %d live traces to %s%n",
                allocated.traces().size(), live.traces().size(), output);
        return 0;
    }
}
