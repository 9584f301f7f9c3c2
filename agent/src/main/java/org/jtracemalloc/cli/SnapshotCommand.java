package org.jtracemalloc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jtracemalloc.jmx.TracemallocMBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "snapshot", description = {
    "Make a tracing JVM write a snapshot of its live traces to FILE (after a full collection, unless --no-gc;",
    "with --allocated: its allocation totals).",
    "The JVM writes the file itself; a relative FILE is taken from the current directory of this tool.",
})
final class SnapshotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM (see 'list').")
    long pid;

    @Parameters(index = "1", paramLabel = "FILE", description = "The snapshot file to write; Snapshot.load reads it.")
    Path file;

    @Mixin
    LiveSnapshotOption liveSnapshot;

    @Option(names = "--allocated", description = {
        "Write an allocation snapshot instead: per traceback, every allocation since tracing started or the traces",
        "were cleared, dead objects included (count = allocations, size = bytes allocated). The report commands read it.",
    })
    boolean allocated;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // the target resolves relative paths against its own working directory, not ours
        Path absolute = file.toAbsolutePath().normalize();
        try (TargetJvm target = AttachApi.attach(pid)) {
            TracemallocMBean tracemalloc = target.requireTracemalloc();
            long traces = allocated
                    ? tracemalloc.takeAllocationSnapshot(absolute.toString())
                    : tracemalloc.takeSnapshot(absolute.toString(), liveSnapshot.settle());
            spec.commandLine().getOut().printf("PID %d: wrote %d %s to %s, %s%n", pid, traces,
                    allocated ? "allocation totals" : "traces", absolute, fileSize(absolute));
        } catch (IOException e) {
            // only declared for the MBean's sake: the target's failures arrive as CommandFailedException
            throw new CommandFailedException("PID " + pid + ": " + CommandFailedException.rootCause(e), e);
        }
        return 0;
    }

    private static String fileSize(Path file) {
        try {
            return Bytes.describe(Files.size(file));
        } catch (IOException e) {
            return "size unknown here: " + CommandFailedException.rootCause(e);
        }
    }
}
