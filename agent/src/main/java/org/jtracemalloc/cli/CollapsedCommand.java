package org.jtracemalloc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jtracemalloc.report.CollapsedStacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "collapsed", description = {
    "Print the live bytes of a snapshot (of an allocation snapshot: bytes allocated) as folded stacks",
    "('frame;frame;frame bytes', oldest frame first),",
    "the input of flamegraph.pl and speedscope. A frame reads 'java.util.HashMap.put (HashMap.java:123)'.",
})
final class CollapsedCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A snapshot file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CollapsedStacks.lines(SnapshotSource.load(file, spec.commandLine().getErr()))
                .forEach(spec.commandLine().getOut()::println);
        return 0;
    }
}
