package org.jtracemalloc.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.report.FlameGraphPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "flamegraph", description = {
    "Write one self-contained HTML page (no network access) with a flame graph of live bytes by traceback",
    "(of an allocation snapshot: bytes allocated):",
    "click a frame to zoom, search to highlight, a table of the top lines. With --diff OLD, red is growth",
    "since OLD and blue shrinkage.",
})
final class FlamegraphCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A snapshot file.")
    Path file;

    @Option(names = "--diff", paramLabel = "OLD", description = "An earlier snapshot file to compare with.")
    Path oldFile;

    @Option(names = "-o", paramLabel = "HTML", required = true, description = "The page to write (e.g. report.html).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Snapshot old = oldFile == null ? null : SnapshotSource.load(oldFile, spec.commandLine().getErr());
        Snapshot snapshot = SnapshotSource.load(file, spec.commandLine().getErr());
        String title = "jtracemalloc: " + file.getFileName() + (snapshot.isAllocationSnapshot() ? " (allocation totals)" : "")
                + (old == null ? "" : " compared with " + oldFile.getFileName());
        OutputFile.write(output, FlameGraphPage.html(snapshot, old, title).getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().printf("wrote %s%n", output);
        return 0;
    }
}
