package org.jtracemalloc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jtracemalloc.jmx.TracemallocMBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Show whether a JVM is tracing, and how much memory its traces cover.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM (see 'list').")
    long pid;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (TargetJvm target = AttachApi.attach(pid)) {
            TracemallocMBean tracemalloc = target.requireTracemalloc();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("PID %d: %s, traceback limit %d%n", pid,
                    tracemalloc.isTracing() ? "tracing" : "not tracing", tracemalloc.getTracebackLimit());
            out.printf("traced memory:      %s, peak %s%n",
                    Bytes.describe(tracemalloc.getTracedMemory()), Bytes.describe(tracemalloc.getPeakTracedMemory()));
            out.printf("tracemalloc memory: %s%n", Bytes.describe(tracemalloc.getTracemallocMemory()));
            long dropped = tracemalloc.getDroppedTraces();
            out.printf("traces:             %d%s%n", tracemalloc.getTraceCount(),
                    dropped == 0 ? "" : " (" + dropped + " allocations not traced: maxTraces reached)");
            out.printf("classes:            %d instrumented, %d failed%n",
                    tracemalloc.getClassesInstrumented(), tracemalloc.getClassesFailed());
        }
        return 0;
    }
}
