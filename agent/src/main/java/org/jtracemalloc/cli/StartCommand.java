package org.jtracemalloc.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.jmx.TracemallocMBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "start",
        description = {
            "Start tracing the allocations of a running JVM.",
            "Loads the agent into the JVM (which then rewrites its loaded classes; this takes seconds),"
                    + " or, when the agent is already loaded, restarts tracing with the given nframe.",
        })
final class StartCommand implements Callable<Integer> {
    /**
     * The JVM runs the old code of a method that was active when its class was retransformed until
     * that method returns: a loop running at attach never allocates through rewritten code.
     */
    static final String RUNNING_METHODS_NOTE = "note: a method that was already running (a main or worker loop) keeps"
            + " its old code until it returns: what it allocates itself is not traced, what the methods it calls"
            + " allocate is, under its line (see it with nframe=2 or more and top --key traceback or --cumulative;"
            + " docs/cli.md, \"Methods running at attach\")";

    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM (see 'list').")
    long pid;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "Agent settings, the same keys as with -javaagent (for example nframe=8); see docs/configuration.md.")
    List<String> words = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<AgentSetting> settings = parseSettings();
        try (TargetJvm target = AttachApi.attach(pid)) {
            Optional<TracemallocMBean> loaded = target.tracemalloc();
            TracemallocMBean tracemalloc;
            if (loaded.isPresent()) {
                tracemalloc = loaded.get();
                restart(tracemalloc, settings);
            } else {
                // Loading rewrites every class the target has loaded: seconds, worth a note on a terminal.
                Progress progress = Progress.start(spec.commandLine().getErr(),
                        "loading the agent into PID " + pid + " and rewriting its loaded classes");
                try {
                    target.loadAgent(agentJar(), settings.stream().map(AgentSetting::toString).collect(Collectors.joining(",")));
                } finally {
                    progress.done();
                }
                tracemalloc = target.requireTracemalloc();
                if (!tracemalloc.isTracing()) {
                    startWithNframe(tracemalloc, settings);
                }
                requireHttpEndpoint(tracemalloc, settings);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("PID %d: tracing, traceback limit %d, %d classes instrumented, %d failed%s%n", pid,
                    tracemalloc.getTracebackLimit(), tracemalloc.getClassesInstrumented(), tracemalloc.getClassesFailed(),
                    ClassCounts.notLinkable(tracemalloc));
            ClassCounts.problems(tracemalloc).forEach(out::println);
            String http = tracemalloc.getHttpAddress();
            if (!http.isEmpty()) {
                out.printf("PID %d: serving http://%s/ (/debug/pprof/heap, /debug/pprof/allocs, /snapshot)%n", pid, http);
            }
            if (loaded.isEmpty()) {
                out.println(RUNNING_METHODS_NOTE);
            }
        }
        return 0;
    }

    /**
     * A malformed setting is wrong usage (exit code 2). Checked here rather than by a picocli
     * converter, which would report a bad word of a variable-length list only as "unmatched".
     */
    private List<AgentSetting> parseSettings() {
        try {
            return words.stream().map(AgentSetting::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for KEY=VALUE: " + e.getMessage());
        }
    }

    /** The agent's other settings were fixed when it loaded; only the traceback limit can change. */
    private void restart(TracemallocMBean tracemalloc, List<AgentSetting> settings) {
        if (tracemalloc.isTracing()) {
            throw new CommandFailedException("PID " + pid + " is already tracing (traceback limit "
                    + tracemalloc.getTracebackLimit() + "); run 'jtracemalloc stop " + pid + "' first");
        }
        List<String> fixed = settings.stream()
                .filter(setting -> !setting.key().equals(AgentSetting.NFRAME))
                .map(AgentSetting::toString)
                .toList();
        if (!fixed.isEmpty()) {
            throw new CommandFailedException("the agent is already loaded in PID " + pid
                    + " and only nframe can change now; not applied: " + String.join(" ", fixed));
        }
        startWithNframe(tracemalloc, settings);
    }

    /**
     * The agent traces without its HTTP endpoint when it cannot bind the address (a port in use);
     * asked for one, the tool reports that it is missing. The target's stderr has the reason.
     */
    private void requireHttpEndpoint(TracemallocMBean tracemalloc, List<AgentSetting> settings) {
        Optional<AgentSetting> http = settings.stream().filter(setting -> setting.key().equals("http")).findFirst();
        if (http.isPresent() && tracemalloc.getHttpAddress().isEmpty()) {
            throw new CommandFailedException("PID " + pid + " is tracing, but serves no HTTP endpoint: the agent could not"
                    + " bind " + http.get() + " (the target's stderr says why)");
        }
    }

    /** Starts through the MBean with the last nframe given, as the agent reads its arguments. */
    private static void startWithNframe(TracemallocMBean tracemalloc, List<AgentSetting> settings) {
        Optional<AgentSetting> nframe = settings.stream()
                .filter(setting -> setting.key().equals(AgentSetting.NFRAME))
                .reduce((first, last) -> last);
        if (nframe.isEmpty()) {
            tracemalloc.start();
            return;
        }
        try {
            tracemalloc.start(Integer.parseInt(nframe.get().value()));
        } catch (NumberFormatException e) {
            throw new CommandFailedException("nframe=" + nframe.get().value() + " is not a number of frames (1.." + Tracemalloc.MAX_NFRAME + ")");
        }
    }

    /** The jar this tool runs from is the agent: the same file is loaded into the target. */
    private static Path agentJar() {
        CodeSource source = StartCommand.class.getProtectionDomain().getCodeSource();
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return location.toAbsolutePath();
            }
            throw new CommandFailedException("cannot find the agent jar: the tool runs from " + location
                    + "; run it as java -jar jtracemalloc-agent.jar");
        } catch (URISyntaxException e) {
            throw new CommandFailedException("cannot find the agent jar at " + source.getLocation(), e);
        }
    }
}
