package org.jtracemalloc.cli;

import java.util.concurrent.Callable;
import org.jtracemalloc.jmx.TracemallocMBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", description = {
    "Stop tracing in a JVM and forget its traces.",
    "The agent stays loaded (a JVM cannot unload an agent); 'start' can start tracing again.",
})
final class StopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM (see 'list').")
    long pid;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (TargetJvm target = AttachApi.attach(pid)) {
            TracemallocMBean tracemalloc = target.requireTracemalloc();
            if (!tracemalloc.isTracing()) {
                throw new CommandFailedException("PID " + pid + " is not tracing");
            }
            tracemalloc.stop();
            spec.commandLine().getOut().printf("PID %d: tracing stopped, traces cleared%n", pid);
        }
        return 0;
    }
}
