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
            out.printf("tracemalloc memory: %s of a budget of %s%n", Bytes.describe(tracemalloc.getTracemallocMemory()),
                    Bytes.describe(tracemalloc.getMaxMemory()));
            out.printf("traces:             %d%s%n", tracemalloc.getTraceCount(),
                    describeCap(tracemalloc.getMaxTraces(), tracemalloc.getDroppedTraces()));
            long interval = tracemalloc.getSamplingInterval();
            out.printf("sampling:           %s%n", interval == 0 ? "none, every allocation is traced"
                    : "one allocation per " + Bytes.describe(interval) + " allocated, on average (sizes and counts are estimates)");
            if (tracemalloc.isInstrumented()) {
                out.printf("classes:            %d instrumented, %d failed%s%n", tracemalloc.getClassesInstrumented(),
                        tracemalloc.getClassesFailed(), ClassCounts.notLinkable(tracemalloc));
                ClassCounts.problems(tracemalloc).forEach(out::println);
            } else {
                out.printf("classes:            0 instrumented (the agent rewrites them when tracing first starts)%n");
            }
            String http = tracemalloc.getHttpAddress();
            out.printf("http:               %s%n", http.isEmpty() ? "off" : "http://" + http + "/");
        }
        return 0;
    }

    /** The cap, when there is one, and the allocations it kept out. */
    private static String describeCap(long maxTraces, long dropped) {
        String cap = maxTraces == 0 ? "" : "maxTraces=" + maxTraces;
        String drops = dropped == 0 ? ""
                : dropped + " allocations dropped at the cap or the memory budget, not traced: snapshots are incomplete";
        if (cap.isEmpty() && drops.isEmpty()) {
            return "";
        }
        return " (" + cap + (cap.isEmpty() || drops.isEmpty() ? "" : "; ") + drops + ")";
    }
}
