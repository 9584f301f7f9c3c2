package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.it.app.AnnouncingLogManager;
import org.jtracemalloc.it.app.AttachTarget;
import org.jtracemalloc.it.app.OptionalDependency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line tool against a JVM started without the agent: {@code java -jar
 * jtracemalloc-agent.jar start|status|snapshot|stop|list}, each in its own process, with the
 * {@code java} of the JDK running the tests.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AttachCliTest {

    @TempDir
    Path dir;

    private final List<Target> targets = new ArrayList<>();

    @AfterEach
    void stopTargets() {
        targets.forEach(Target::kill);
    }

    @Test
    void startStatusSnapshotStopLeaveTheTargetsOutputUnchanged() throws Exception {
        Target untouched = startTarget();
        for (int i = 0; i < 4; i++) {
            untouched.step();
        }
        List<String> expected = untouched.quit();

        Target target = startTarget();
        target.step();
        CliRun start = cli("start", target.pid(), "nframe=3");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.out().startsWith("PID " + target.pid() + ": tracing, traceback limit 3, "), start.out());
        assertTrue(start.out().contains("\nnote: a method that was already running (a main or worker loop) keeps its old code"
                + " until it returns: what it allocates itself is not traced"), start.out());

        target.step();
        target.step();
        CliRun status = cli("status", target.pid());
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().startsWith("PID " + target.pid() + ": tracing, traceback limit 3\n"), status.out());
        assertTrue(status.out().contains("\ntraced memory:      "), status.out());
        assertTrue(status.out().contains("\nclasses:            "), status.out());
        assertTrue(status.out().matches("(?s).*\ntraces:             [0-9]+\n.*"), status.out());
        assertTrue(status.out().contains("\nsampling:           none, every allocation is traced\n"), status.out());

        // a relative FILE is the tool's, not the target's, working directory
        CliRun snapshot = cli(dir, "snapshot", target.pid(), "two-steps.snapshot");
        assertEquals(0, snapshot.exitCode(), snapshot.toString());
        Path file = dir.resolve("two-steps.snapshot");
        assertTrue(snapshot.out().startsWith("PID " + target.pid() + ": wrote "), snapshot.out());
        assertTrue(snapshot.out().contains(" traces to " + file + ", "), snapshot.out());

        Snapshot taken = Snapshot.load(file);
        assertEquals(3, taken.tracebackLimit());
        Statistic site = siteStatistic(taken);
        // only the two steps after start were traced
        assertEquals(2 * AttachTarget.ARRAYS_PER_STEP, site.count(), site.toString());
        assertEquals(0, site.size() % site.count(), site.toString());
        assertTrue(site.size() / site.count() > AttachTarget.ARRAY_LENGTH, site.toString());
        // main was running at attach, so its frames are of a method version the rewriting replaced:
        // the JVM gives them no source file, the agent does, and the line is the loop's call
        SourceMarkers sites = SourceMarkers.of(AttachTarget.class);
        assertEquals(List.of(
                        new Frame(AttachTarget.FILENAME, sites.line("loop"), AttachTarget.class.getName(), "main"),
                        new Frame(AttachTarget.FILENAME, sites.line("step"), AttachTarget.class.getName(), "step")),
                List.copyOf(taken.statistics("traceback").stream()
                        .filter(statistic -> statistic.traceback().get(statistic.traceback().size() - 1).lineno() == sites.line("step"))
                        .findFirst().orElseThrow().traceback()));

        CliRun stop = cli("stop", target.pid());
        assertEquals(0, stop.exitCode(), stop.toString());
        assertEquals("PID " + target.pid() + ": tracing stopped, traces cleared\n", stop.out());
        target.step();
        assertEquals(expected, target.quit());
    }

    @Test
    void startTwiceAndStopTwiceFailWithOneLineAndRestartChangesNframe() throws Exception {
        Target target = startTarget();
        assertEquals(0, cli("start", target.pid()).exitCode());

        CliRun again = cli("start", target.pid(), "nframe=5");
        assertFailure(again, "jtracemalloc: PID " + target.pid() + " is already tracing (traceback limit 1); run 'jtracemalloc stop "
                + target.pid() + "' first");

        assertEquals(0, cli("stop", target.pid()).exitCode());
        assertFailure(cli("stop", target.pid()), "jtracemalloc: PID " + target.pid() + " is not tracing");

        CliRun restart = cli("start", target.pid(), "nframe=5");
        assertEquals(0, restart.exitCode(), restart.toString());
        assertTrue(cli("status", target.pid()).out().startsWith("PID " + target.pid() + ": tracing, traceback limit 5\n"));
        target.step();
        assertEquals(List.of("ready", "step 1: 10000 bytes", "bye"), target.quit());
    }

    @Test
    void startWithHttpServesTheEndpointAndStatusShowsItsAddress() throws Exception {
        Target target = startTarget();
        CliRun start = cli("start", target.pid(), "http=127.0.0.1:0");
        assertEquals(0, start.exitCode(), start.toString());
        String serving = start.out().lines().skip(1).findFirst().orElse("");
        Matcher address = Pattern.compile("PID " + target.pid() + ": serving http://(127\\.0\\.0\\.1:\\d+)/ "
                + "\\(/debug/pprof/heap, /debug/pprof/allocs, /snapshot\\)").matcher(serving);
        assertTrue(address.matches(), start.out());
        target.step();

        HttpResponse<byte[]> heap = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + address.group(1) + "/debug/pprof/heap")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, heap.statusCode());
        assertEquals("application/octet-stream", heap.headers().firstValue("Content-Type").orElse(""));
        CliRun status = cli("status", target.pid());
        assertTrue(status.out().endsWith("\nhttp:               http://" + address.group(1) + "/\n"), status.out());
        assertEquals(List.of("ready", "step 1: 10000 bytes", "bye"), target.quit());
    }

    @Test
    void badConfigValueIsRefusedByTheTargetWhichKeepsRunningWithoutTheAgent() throws Exception {
        Target target = startTarget();
        CliRun refused = cli("start", target.pid(), "nframe=0");
        assertFailure(refused, "jtracemalloc: the agent did not start in PID " + target.pid()
                + ": invalid value '0' for nframe: expected an integer from 1 to 65535");

        assertFailure(cli("status", target.pid()), "jtracemalloc: the jtracemalloc agent is not loaded in PID " + target.pid()
                + " (load it with: jtracemalloc start " + target.pid() + ")");
        target.step();
        assertEquals(0, cli("start", target.pid(), "nframe=2").exitCode());
        target.step();
        assertEquals(List.of("ready", "step 1: 10000 bytes", "step 2: 20000 bytes", "bye"), target.quit());
    }

    @Test
    void agentFromStartUpLeavesAnApplicationsOwnLogManagerAloneAndIsReachedOnAttach() throws Exception {
        Target target = startTarget("-javaagent:" + ForkedJvm.AGENT_JAR + "=start=false",
                "-Djava.util.logging.manager=" + AnnouncingLogManager.class.getName());
        target.step();

        CliRun start = cli("start", target.pid(), "nframe=2");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.out().startsWith("PID " + target.pid() + ": tracing, traceback limit 2, "), start.out());
        // created for the JMX connector of the attach, while the application was running
        target.expectLine("log manager created");
        target.step();
        assertEquals(0, cli("stop", target.pid()).exitCode());
        assertEquals(List.of("ready", "step 1: 10000 bytes", "log manager created", "step 2: 20000 bytes", "bye"), target.quit());
    }

    @Test
    void agentLoadedWithTracingStoppedRewritesTheClassesAtTheFirstStart() throws Exception {
        Target target = startTarget("-javaagent:" + ForkedJvm.AGENT_JAR + "=start=false");
        // at once: the tool waits for the MBean that the agent is still registering
        CliRun stopped = cli("status", target.pid());
        assertEquals(0, stopped.exitCode(), stopped.toString());
        assertTrue(stopped.out().startsWith("PID " + target.pid() + ": not tracing, traceback limit 1\n"), stopped.out());
        assertTrue(stopped.out().endsWith("\nclasses:            0 instrumented (the agent rewrites them when tracing first starts)\n"
                + "http:               off\n"), stopped.out());

        assertEquals(0, cli("start", target.pid()).exitCode());
        CliRun tracing = cli("status", target.pid());
        assertTrue(tracing.out().matches("(?s).*\nclasses:            [1-9][0-9]* instrumented, [0-9]+ failed\nhttp:               off\n"),
                tracing.out());
        target.step();
        assertEquals(List.of("ready", "step 1: 10000 bytes", "bye"), target.quit());
    }

    @Test
    void whatTheToolMakesTheTargetAllocateIsNotTraced() throws Exception {
        Target target = startTarget("-javaagent:" + ForkedJvm.AGENT_JAR + "=nframe=64");
        target.step();
        assertEquals(0, cli("snapshot", target.pid(), "attached.snapshot").exitCode());
        target.step();
        assertEquals(0, cli("snapshot", target.pid(), "again.snapshot").exitCode());

        CliRun top = cli("top", "again.snapshot", "--key", "traceback", "--limit", "50");
        assertEquals(0, top.exitCode(), top.toString());
        // The attach listener serialises the target's properties for the tool, in the JDK's own
        // code (jdk.internal.vm.VMSupport, 92 KiB a time): the largest tracebacks when traced.
        assertFalse(top.out().contains("VMSupport"), top.out());
        assertTrue(top.out().contains("org.jtracemalloc.it.app.AttachTarget.step"), top.out());
        assertNoToolTraces(Snapshot.load(dir.resolve("again.snapshot")));
        assertEquals(List.of("ready", "step 1: 10000 bytes", "step 2: 20000 bytes", "bye"), target.quit());
    }

    @Test
    void theToolsOwnRequestsLeaveNothingInTheTargetsTraces() throws Exception {
        Target target = startTarget();
        target.step();
        assertEquals(0, cli("start", target.pid(), "nframe=32").exitCode());
        for (int round = 0; round < 3; round++) {
            assertEquals(0, cli("status", target.pid()).exitCode());
            assertEquals(0, cli("top", target.pid()).exitCode());
            assertEquals(0, cli("snapshot", target.pid(), "round-" + round + ".snapshot").exitCode());
            target.step();
        }
        // --no-gc: also every object not yet collected, the garbage of the rounds above included
        assertEquals(0, cli("snapshot", target.pid(), "--no-gc", "everything.snapshot").exitCode());
        for (String name : List.of("round-0.snapshot", "round-2.snapshot", "everything.snapshot")) {
            Snapshot snapshot = Snapshot.load(dir.resolve(name));
            assertNoToolTraces(snapshot);
            assertEveryJdkFrameNamesItsFile(snapshot);
        }
        assertEquals(0, cli("stop", target.pid()).exitCode());
        target.quit();
    }

    /**
     * No trace of {@code snapshot} passed through jtracemalloc's code, RMI, JMX's remote connector
     * or Java serialization: in a target that serves no JMX of its own, all of that is the tool's
     * doing (RMI's connection threads included, from the start of each connection).
     */
    private static void assertNoToolTraces(Snapshot snapshot) {
        List<String> tools = new ArrayList<>();
        for (var trace : snapshot.traces()) {
            boolean tool = IntStream.range(0, trace.traceback().size())
                    .anyMatch(i -> isToolCode(trace.traceback().get(i).className()));
            if (tool) {
                tools.add(trace.size() + " B at\n" + String.join("\n", trace.traceback().format()));
            }
        }
        assertEquals(List.of(), tools, tools.size() + " traces of the tool's work");
        assertFalse(snapshot.traces().isEmpty());
    }

    /**
     * Frames of methods that were running when their class was retransformed at attach (the
     * threads of RMI's pool, the JDK's workers) name their file like every other: the JVM does not
     * for those old method versions, the agent does.
     */
    private static void assertEveryJdkFrameNamesItsFile(Snapshot snapshot) {
        List<String> unnamed = snapshot.traces().stream()
                .flatMap(trace -> IntStream.range(0, trace.traceback().size()).mapToObj(trace.traceback()::get))
                .filter(frame -> frame.className() != null && frame.className().startsWith("java.")
                        && !frame.className().contains("$$") && frame.filename().equals("<unknown>"))
                .map(frame -> frame.className() + "." + frame.methodName())
                .distinct().toList();
        assertEquals(List.of(), unnamed);
    }

    private static boolean isToolCode(String className) {
        return className != null && ((className.startsWith("org.jtracemalloc.") && !className.startsWith("org.jtracemalloc.it."))
                || className.startsWith("sun.rmi.") || className.startsWith("java.rmi.")
                || className.startsWith("javax.management.") || className.startsWith("com.sun.jmx.")
                || className.startsWith("java.io.ObjectInputStream") || className.startsWith("java.io.ObjectOutputStream"));
    }

    @Test
    void aClassWhoseOptionalDependencyIsMissingIsNamedAndNotAFailure() throws Exception {
        // the program without its optional dependency's class, as a service without an optional library
        Path classes = dir.resolve("classes");
        Path app = classes.resolve("org/jtracemalloc/it/app");
        Files.createDirectories(app);
        Path compiled = ForkedJvm.codeSourceOf(OptionalDependency.class).resolve("org/jtracemalloc/it/app");
        for (Class<?> type : List.of(OptionalDependency.class, OptionalDependency.Base.class, OptionalDependency.User.class)) {
            String file = type.getName().substring(type.getPackageName().length() + 1) + ".class";
            Files.copy(compiled.resolve(file), app.resolve(file));
        }
        Target target = startProgram(OptionalDependency.class, classes);

        CliRun start = cli("start", target.pid());
        assertEquals(0, start.exitCode(), start.toString());
        String user = OptionalDependency.User.class.getName();
        assertTrue(start.out().matches("PID " + target.pid() + ": tracing, traceback limit 1, [0-9]+ classes instrumented, 0 failed,"
                + " 1 left unchanged \\(they cannot be linked, so they never run\\)\n"
                + "  " + Pattern.quote(user) + ": cannot be linked \\(a class it needs is missing\\): its code can never run\n"
                + "note: .*\n"), start.out());
        CliRun status = cli("status", target.pid());
        assertTrue(status.out().contains("\nclasses:            ") && status.out().contains(
                " instrumented, 0 failed, 1 left unchanged (they cannot be linked, so they never run)\n  " + user + ": "), status.out());
        target.step();
        assertEquals(0, cli("stop", target.pid()).exitCode());
        target.quit();
    }

    @Test
    void statusShowsTheSamplingIntervalAndTheCap() throws Exception {
        Target target = startTarget("-javaagent:" + ForkedJvm.AGENT_JAR + "=sampling=64k,maxTraces=100000");
        target.step();
        // With -javaagent the MBean is registered on a thread of its own, which the tool waits for.
        CliRun status = cli("status", target.pid());
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().matches("(?s).*\ntraces:             [0-9]+ \\(maxTraces=100000\\)\n.*"), status.out());
        assertTrue(status.out().contains("\nsampling:           one allocation per 65536 B (64.0 KiB) allocated, on average"
                + " (sizes and counts are estimates)\n"), status.out());
        target.quit();
    }

    @Test
    void pastItsMemoryBudgetTheStoreDropsSaysSoEverywhereAndTracesAgainOnceObjectsDie() throws Exception {
        Target target = startTarget("-javaagent:" + ForkedJvm.AGENT_JAR + "=maxMemory=4m");
        target.command("fill", "filled " + AttachTarget.FILL); // about 9 MiB of traces for a 4 MiB budget
        // The budget counts what the store retains across collections: a snapshot sweeps, so the
        // filled arrays' traces are retained from then on, and the next ones are dropped.
        assertEquals(0, cli(dir, "snapshot", target.pid(), "full.snapshot").exitCode());
        target.command("fill", "filled " + 2 * AttachTarget.FILL);

        CliRun status = cli("status", target.pid());
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().matches("(?s).*\ntracemalloc memory: .* of a budget of 4194304 B \\(4096 KiB\\)\n.*"),
                status.out());
        assertTrue(status.out().matches("(?s).*\ntraces:             [0-9]+ \\([0-9]+ allocations dropped at the cap or the"
                + " memory budget, not traced: snapshots are incomplete\\)\n.*"), status.out());

        assertEquals(0, cli(dir, "snapshot", target.pid(), "over.snapshot").exitCode());
        Snapshot over = Snapshot.load(dir.resolve("over.snapshot"));
        assertTrue(over.droppedTraces() > 0, "the dump keeps the dropped count");
        assertTrue(over.traces().size() < 2 * AttachTarget.FILL, "traces: " + over.traces().size());
        assertTrue(over.traces().size() + over.droppedTraces() >= 2 * AttachTarget.FILL, "what is missing was counted");
        CliRun top = cli(dir, "top", "over.snapshot");
        assertTrue(top.out().contains("\nDropped: " + over.droppedTraces() + " allocations were not traced"), top.out());

        // Once the filled arrays are collected, the store has room again and traces every allocation.
        target.command("release", "released");
        assertEquals(0, cli(dir, "snapshot", target.pid(), "released.snapshot").exitCode());
        target.step();
        assertEquals(0, cli(dir, "snapshot", target.pid(), "recovered.snapshot").exitCode());
        Snapshot recovered = Snapshot.load(dir.resolve("recovered.snapshot"));
        assertEquals(AttachTarget.ARRAYS_PER_STEP, siteStatistic(recovered).count(), recovered.statistics("lineno").toString());
        target.quit();
        String stderr = Files.readString(dir.resolve("target-0.err"));
        assertEquals(1, stderr.split("the trace store reached its memory budget", -1).length - 1, stderr);
    }

    @Test
    void snapshotAllocatedCountsTheDeadUntilTracingStartsAgain() throws Exception {
        Target target = startTarget();
        assertEquals(0, cli("start", target.pid()).exitCode());
        target.command("fill", "filled " + AttachTarget.FILL);
        target.command("release", "released"); // dropped and collected

        CliRun snapshot = cli(dir, "snapshot", target.pid(), "allocated.snapshot", "--allocated");
        assertEquals(0, snapshot.exitCode(), snapshot.toString());
        Path file = dir.resolve("allocated.snapshot");
        assertTrue(snapshot.out().startsWith("PID " + target.pid() + ": wrote "), snapshot.out());
        assertTrue(snapshot.out().contains(" allocation totals to " + file + ", "), snapshot.out());
        Snapshot allocated = Snapshot.load(file);
        assertTrue(allocated.isAllocationSnapshot());
        Statistic filled = siteStatistic(allocated, "fill").orElseThrow(() -> new AssertionError(allocated.statistics("lineno")));
        assertEquals(AttachTarget.FILL, filled.count(), filled.toString());
        assertEquals(0, filled.size() % AttachTarget.FILL, filled.toString());
        assertEquals(0, cli(dir, "snapshot", target.pid(), "live.snapshot").exitCode());
        assertEquals(Optional.empty(), siteStatistic(Snapshot.load(dir.resolve("live.snapshot")), "fill"), "none is live");

        // A new start (like clearTraces) counts from zero.
        assertEquals(0, cli("stop", target.pid()).exitCode());
        assertEquals(0, cli("start", target.pid()).exitCode());
        target.step();
        assertEquals(0, cli(dir, "snapshot", target.pid(), "again.snapshot", "--allocated").exitCode());
        Snapshot again = Snapshot.load(dir.resolve("again.snapshot"));
        assertEquals(Optional.empty(), siteStatistic(again, "fill"));
        assertEquals(AttachTarget.ARRAYS_PER_STEP, siteStatistic(again).count());
        target.quit();
    }

    @Test
    void aJvmWithoutTheAgentIsToldApartWithoutStartingItsJmxAgent() throws Exception {
        Target target = startTarget();
        assertFailure(cli("status", target.pid()), "jtracemalloc: the jtracemalloc agent is not loaded in PID " + target.pid()
                + " (load it with: jtracemalloc start " + target.pid() + ")");
        VirtualMachine vm = VirtualMachine.attach(target.pid());
        try {
            // what the JVM's local connector leaves once the attach API has started it
            assertEquals(null, vm.getAgentProperties().getProperty("com.sun.management.jmxremote.localConnectorAddress"));
        } finally {
            vm.detach();
        }
        target.step();
        assertEquals(List.of("ready", "step 1: 10000 bytes", "bye"), target.quit());
    }

    @Test
    void deadPidFailsWithOneLine() throws Exception {
        Process gone = new ProcessBuilder(ForkedJvm.JAVA.toString(), "-version").redirectErrorStream(true).start();
        gone.getInputStream().readAllBytes();
        gone.waitFor();
        String pid = Long.toString(gone.pid());
        assertFailure(cli("start", pid), "jtracemalloc: no process with PID " + pid + " (see 'jtracemalloc list')");
        assertFailure(cli("snapshot", pid, "x.snapshot"), "jtracemalloc: no process with PID " + pid + " (see 'jtracemalloc list')");
    }

    @Test
    void processThatIsNotAJvmIsRefusedAndUnharmed() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "120").start();
        try {
            CliRun run = cli("start", Long.toString(sleep.pid()));
            assertEquals(1, run.exitCode(), run.toString());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("jtracemalloc: cannot attach to PID " + sleep.pid() + ": not a JVM that accepts attach (")
                    , run.err());
            assertTrue(sleep.isAlive());
        } finally {
            sleep.destroy();
        }
    }

    @Test
    void runtimeWithoutTheAttachApiIsNamed() throws Exception {
        Path runtime = dir.resolve("runtime-without-jdk.attach");
        Process jlink = new ProcessBuilder(ForkedJvm.JAVA.resolveSibling("jlink").toString(),
                "--add-modules", "java.base,java.instrument,java.management,java.management.rmi,java.logging",
                "--output", runtime.toString())
                .redirectErrorStream(true).start();
        String jlinkOutput = new String(jlink.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, jlink.waitFor(), jlinkOutput);

        Process list = new ProcessBuilder(runtime.resolve("bin/java").toString(), "-jar", ForkedJvm.AGENT_JAR.toString(), "list").start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(list.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertFailure(new CliRun(list.waitFor(), out, err), "jtracemalloc: this Java runtime (" + runtime
                + ") has no attach API (module jdk.attach): run the tool with the java of a JDK, not a JRE");
    }

    @Test
    void listShowsTheTarget() throws Exception {
        Target target = startTarget();
        CliRun list = cli("list");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().lines().anyMatch(line -> line.equals(target.pid() + " " + AttachTarget.class.getName())), list.out());
    }

    private static Statistic siteStatistic(Snapshot snapshot) {
        return siteStatistic(snapshot, "step")
                .orElseThrow(() -> new AssertionError("no trace at the step site; the top ten lines: "
                        + snapshot.statistics("lineno").stream().limit(10).toList()));
    }

    private static Optional<Statistic> siteStatistic(Snapshot snapshot, String site) {
        String frame = AttachTarget.class.getName().replace('.', '/') + ".java:" + SourceMarkers.of(AttachTarget.class).line(site);
        return snapshot.statistics("lineno").stream()
                .filter(statistic -> statistic.traceback().get(0).toString().equals(frame))
                .findFirst();
    }

    private static void assertFailure(CliRun run, String line) {
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(line + "\n", run.err());
        assertEquals("", run.out());
    }

    private record CliRun(int exitCode, String out, String err) {}

    private CliRun cli(String... args) throws Exception {
        return cli(dir, args);
    }

    private static CliRun cli(Path workingDirectory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ForkedJvm.JAVA.toString(), "-jar", ForkedJvm.AGENT_JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        process.getOutputStream().close();
        // stderr is small (one line); read stdout fully first, then stderr
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the tool did not finish: " + command);
        return new CliRun(process.exitValue(), out, err);
    }

    private Target startTarget(String... jvmOptions) throws IOException {
        return startProgram(AttachTarget.class, ForkedJvm.codeSourceOf(AttachTarget.class), jvmOptions);
    }

    private Target startProgram(Class<?> main, Path classPath, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(ForkedJvm.JAVA.toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath.toString(), main.getName()));
        Process process = new ProcessBuilder(command)
                .redirectError(dir.resolve("target-" + targets.size() + ".err").toFile())
                .start();
        Target target = new Target(process);
        targets.add(target);
        target.expectLine("ready");
        return target;
    }

    /** A running AttachTarget, driven through its stdin; its stdout is kept line by line. */
    private static final class Target {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        private final List<String> lines = new ArrayList<>();
        private int steps;

        Target(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        String pid() {
            return Long.toString(process.pid());
        }

        void step() throws IOException {
            in.println("step");
            steps++;
            String line = readLine();
            assertTrue(line.startsWith("step " + steps + ": "), line);
        }

        /** Ends the target normally and returns everything it printed on stdout. */
        List<String> quit() throws Exception {
            in.println("quit");
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
            assertTrue(process.waitFor(1, TimeUnit.MINUTES));
            assertEquals(0, process.exitValue());
            return lines;
        }

        /** Sends {@code command} and expects {@code reply} as its one line of output. */
        void command(String command, String reply) throws IOException {
            in.println(command);
            expectLine(reply);
        }

        void expectLine(String expected) throws IOException {
            assertEquals(expected, readLine());
        }

        private String readLine() throws IOException {
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("the target ended early (exit " + process.exitValue() + ")");
            }
            lines.add(line);
            return line;
        }

        void kill() {
            process.destroyForcibly();
        }
    }
}
