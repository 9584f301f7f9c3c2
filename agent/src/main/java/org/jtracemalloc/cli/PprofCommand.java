package org.jtracemalloc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.report.PprofProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pprof", description = {
    "Write a snapshot as a gzipped pprof profile (sample types inuse_objects/count and inuse_space/bytes),",
    "for go tool pprof, Pyroscope, Grafana or Parca.",
})
final class PprofCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A snapshot file.")
    Path file;

    @Option(names = "-o", paramLabel = "PROFILE", required = true, description = "The profile to write (e.g. profile.pb.gz).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Snapshot snapshot = SnapshotSource.load(file, spec.commandLine().getErr());
        OutputFile.write(output, PprofProfile.gzipped(snapshot));
        spec.commandLine().getOut().printf("wrote %d traces to %s%n", snapshot.traces().size(), output);
        return 0;
    }
}
