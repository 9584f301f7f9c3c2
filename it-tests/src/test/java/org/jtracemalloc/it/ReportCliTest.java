package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.jtracemalloc.it.ExternalPrograms.CliRun;
import org.jtracemalloc.it.app.AttachTarget;
import org.jtracemalloc.it.app.ReportWorkload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report commands of the real jar ({@code java -jar jtracemalloc-agent.jar top|diff|collapsed|
 * pprof|flamegraph}) on snapshots that {@link ReportWorkload} dumped under the agent; the pprof
 * file read by {@code go tool pprof}, the HTML page opened in headless Chromium. Without those
 * programs the tests that need them fail under CI and are skipped elsewhere ({@link ExternalTool};
 * {@code .ci/run} installs them).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReportCliTest {
    private static final String RETAIN_FRAME_PREFIX = "org.jtracemalloc.it.app.ReportWorkload.retain (ReportWorkload.java:";

    @TempDir
    static Path dir;

    private static Path oldSnap;
    private static Path newSnap;
    private static int retainLine;

    @BeforeAll
    static void dumpSnapshots() throws Exception {
        ForkedJvm.Result run = ForkedJvm.withAgent("nframe=8").run(ReportWorkload.class, dir.toString());
        assertEquals(0, run.exitCode(), run.toString());
        oldSnap = dir.resolve("old.snap");
        newSnap = dir.resolve("new.snap");
        retainLine = SourceMarkers.of(ReportWorkload.class).line("retain");
    }

    private static CliRun cli(String... args) throws Exception {
        return ExternalPrograms.jtracemalloc(dir, args);
    }

    private static CliRun run(List<String> command) throws Exception {
        return ExternalPrograms.run(dir, command, Map.of());
    }

    private static Statistic retainStatistic() throws IOException {
        return Snapshot.load(newSnap).statistics("lineno").get(0);
    }

    @Test
    void topNamesTheRetainingLineFirst() throws Exception {
        Statistic top = retainStatistic();
        assertEquals(new Frame(ReportWorkload.FILENAME, retainLine), top.traceback().get(0));
        assertEquals(ReportWorkload.FIRST + ReportWorkload.SECOND, top.count());

        CliRun run = cli("top", newSnap.toString(), "--limit", "3");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err(), "no progress note when stderr is not a terminal");
        assertEquals("Top 3 lines", run.lines().get(0));
        String first = run.lines().get(1);
        assertTrue(first.startsWith("#1: " + ReportWorkload.FILENAME + ":" + retainLine + ": "), first);
        double kib = Double.parseDouble(first.replaceAll(".*: ([0-9.]+) KiB$", "$1"));
        assertEquals(top.size() / 1024.0, kib, 0.05, first);
        assertTrue(kib >= (ReportWorkload.FIRST + ReportWorkload.SECOND) * ReportWorkload.BLOCK / 1024.0, first);
        long total = Snapshot.load(newSnap).traces().stream().mapToLong(Trace::size).sum();
        String last = run.lines().get(run.lines().size() - 1);
        assertEquals(total / 1024.0, Double.parseDouble(last.replaceAll("Total allocated size: ([0-9.]+) KiB", "$1")), 0.05, last);

        CliRun traceback = cli("top", newSnap.toString(), "--key", "traceback", "--limit", "1");
        assertEquals(0, traceback.exitCode(), traceback.err());
        assertTrue(traceback.out().contains("  File \"" + ReportWorkload.FILENAME + "\", line " + retainLine
                + ", in org.jtracemalloc.it.app.ReportWorkload.retain"), traceback.out());
    }

    @Test
    void diffShowsTheGrowthOfTheRetainingLineFirst() throws Exception {
        CliRun run = cli("diff", oldSnap.toString(), newSnap.toString(), "--limit", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("[ Top 1 differences ]", run.lines().get(0));
        String first = run.lines().get(1);
        assertTrue(first.startsWith(ReportWorkload.FILENAME + ":" + retainLine + ": size="), first);
        assertTrue(first.contains(", count=" + (ReportWorkload.FIRST + ReportWorkload.SECOND) + " (+" + ReportWorkload.SECOND + ")"), first);
    }

    @Test
    void collapsedStacksAddUpToTheSnapshot() throws Exception {
        CliRun run = cli("collapsed", newSnap.toString());
        assertEquals(0, run.exitCode(), run.err());
        long sum = 0;
        long retained = 0;
        for (String line : run.lines()) {
            long bytes = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            sum += bytes;
            String stack = line.substring(0, line.lastIndexOf(' '));
            if (stack.endsWith(RETAIN_FRAME_PREFIX + retainLine + ")")) {
                assertTrue(stack.startsWith("org.jtracemalloc.it.app.ReportWorkload.main (ReportWorkload.java:"), stack);
                retained += bytes;
            }
        }
        assertEquals(Snapshot.load(newSnap).traces().stream().mapToLong(Trace::size).sum(), sum);
        assertEquals(retainStatistic().size(), retained);
    }

    @Test
    void goToolPprofReadsTheProfile() throws Exception {
        Path profile = dir.resolve("new.pb.gz");
        CliRun write = cli("pprof", newSnap.toString(), "-o", profile.toString());
        assertEquals(0, write.exitCode(), write.err());

        Path go = ExternalTool.required("go", "golang-go");
        Snapshot snapshot = Snapshot.load(newSnap);
        long total = snapshot.traces().stream().mapToLong(Trace::size).sum();
        CliRun space = run(List.of(go.toString(), "tool", "pprof", "-top", "-unit=B", "-sample_index=inuse_space", profile.toString()));
        assertEquals(0, space.exitCode(), space.err() + space.out());
        assertTrue(space.out().contains(" of " + total + "B total"), space.out());
        assertTrue(ExternalPrograms.pprofTopRow(space.out()).matches(retainStatistic().size() + "B .* org\\.jtracemalloc\\.it\\.app\\.ReportWorkload\\.retain"), space.out());

        CliRun objects = run(List.of(go.toString(), "tool", "pprof", "-top", "-sample_index=inuse_objects", profile.toString()));
        assertEquals(0, objects.exitCode(), objects.err() + objects.out());
        assertTrue(objects.out().contains(" of " + snapshot.traces().size() + " total"), objects.out());
        assertTrue(ExternalPrograms.pprofTopRow(objects.out()).matches((ReportWorkload.FIRST + ReportWorkload.SECOND) + " .* org\\.jtracemalloc\\.it\\.app\\.ReportWorkload\\.retain"),
                objects.out());
    }

    @Test
    void flameGraphZoomsOnAClickInChromium() throws Exception {
        Path page = dir.resolve("report.html");
        CliRun write = cli("flamegraph", newSnap.toString(), "--diff", oldSnap.toString(), "-o", page.toString());
        assertEquals(0, write.exitCode(), write.err());

        String frame = RETAIN_FRAME_PREFIX + retainLine + ")";
        String dom = dumpDom(page, "zoom=" + encode(frame) + "&search=" + encode("ReportWorkload.retain"));
        assertTrue(dom.contains("data-zoom=\"" + frame + "\""), "the clicked frame is the zoom root:\n" + head(dom));
        List<String[]> frames = frames(dom);
        String[] zoomed = frames.stream().filter(f -> f[3].equals(frame) && !f[0].contains("ancestor")).findFirst()
                .orElseThrow(() -> new AssertionError("no frame " + frame + " in\n" + head(dom)));
        assertTrue(zoomed[2].contains("left: 0%; width: 100%;"), zoomed[2]);
        assertTrue(zoomed[0].contains("match"), "the search highlights it: " + zoomed[0]);
        assertTrue(frames.stream().anyMatch(f -> f[0].contains("ancestor") && f[3].startsWith("org.jtracemalloc.it.app.ReportWorkload.main")),
                "its callers stay as ancestors");
        for (String[] f : frames) {
            assertTrue(f[0].contains("ancestor") || f[3].equals(frame) || f[3].startsWith("java.") || f[3].startsWith("jdk."),
                    "only the zoomed subtree is drawn, found " + f[3]);
        }
        assertTrue(dom.contains("rgb(") && dom.contains("Top lines by change"), head(dom));
        assertTrue(dom.contains("<td>" + ReportWorkload.FILENAME + ":" + retainLine + "</td>"), "the table lists the line");
    }

    @Test
    void hostileNamesStayTextInChromium() throws Exception {
        String hostileFile = "</script><script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">.java";
        Trace trace = new Trace(0, 64, new Traceback(List.of(new Frame(hostileFile, 1, "p.Evil\u2028Class", "m"), new Frame("Main.java", 2))));
        Path snapshot = dir.resolve("hostile.snap");
        new Snapshot(List.of(trace), 2).dump(snapshot);
        Path page = dir.resolve("hostile.html");
        assertEquals(0, cli("flamegraph", snapshot.toString(), "-o", page.toString()).exitCode());

        String dom = dumpDom(page, "");
        assertFalse(dom.contains("pwned</title>"), "an injected script ran:\n" + head(dom));
        assertFalse(dom.contains("<img"), "an injected element exists:\n" + head(dom));
        // the frame shows the file's last path segment, the table the whole name
        assertTrue(dom.contains("Class.m (script&gt;&lt;img src=x onerror=\"document.title='pwned'\"&gt;.java:1)</div>"),
                "the frame's name is shown as text:\n" + head(dom));
        assertTrue(dom.contains("<td>&lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=\"document.title='pwned'\"&gt;.java:1</td>"),
                "the table's line is shown as text:\n" + head(dom));
    }

    @Test
    void topOfALivePidTakesASnapshotThere() throws Exception {
        Process target = new ProcessBuilder(ForkedJvm.JAVA.toString(), "-javaagent:" + ForkedJvm.AGENT_JAR + "=nframe=2",
                "-cp", ForkedJvm.codeSourceOf(AttachTarget.class).toString(), AttachTarget.class.getName())
                .redirectError(dir.resolve("target.err").toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(target.getOutputStream(), StandardCharsets.UTF_8)) {
            assertEquals("ready", out.readLine());
            for (int step = 1; step <= 3; step++) {
                in.write("step\n");
                in.flush();
                assertTrue(out.readLine().startsWith("step " + step + ": "));
            }
            CliRun run = cli("top", Long.toString(target.pid()), "--include", "*/AttachTarget.java", "--limit", "1");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(List.of("Settled: a full collection ran just before this snapshot; its traces are live objects",
                    "Top 1 lines"), run.lines().subList(0, 2), "settled by default: " + run.out());
            String first = run.lines().get(2);
            int stepLine = SourceMarkers.of(AttachTarget.class).line("step");
            assertTrue(first.startsWith("#1: org/jtracemalloc/it/app/AttachTarget.java:" + stepLine + ": "), run.out());
            double kib = Double.parseDouble(first.replaceAll(".*: ([0-9.]+) KiB$", "$1"));
            assertTrue(kib >= 3 * AttachTarget.ARRAYS_PER_STEP * AttachTarget.ARRAY_LENGTH / 1024.0, first);
            CliRun asItIs = cli("top", Long.toString(target.pid()), "--no-gc", "--limit", "1");
            assertEquals(0, asItIs.exitCode(), asItIs.err());
            assertEquals("Top 1 lines", asItIs.lines().get(0), "--no-gc: Python's snapshot, CPython's listing");
            in.write("quit\n");
            in.flush();
            assertTrue(target.waitFor(1, TimeUnit.MINUTES));
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void unusableInputsAreOneLineWithExitCode2() throws Exception {
        CliRun missing = cli("top", dir.resolve("nope.snap").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("jtracemalloc: no such file: " + dir.resolve("nope.snap"), missing.err().strip());
        Path corrupt = Files.write(dir.resolve("corrupt.snap"), new byte[] {1, 2, 3});
        CliRun bad = cli("pprof", corrupt.toString(), "-o", dir.resolve("x.pb.gz").toString());
        assertEquals(2, bad.exitCode());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertFalse(bad.err().contains("Exception"), bad.err());
    }

    private static String dumpDom(Path page, String fragment) throws Exception {
        Path chromium = ExternalTool.required("chromium", "chromium");
        Path profile = Files.createTempDirectory(dir, "chromium");
        List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--dump-dom", page.toUri() + (fragment.isEmpty() ? "" : "#" + fragment));
        CliRun run = run(command);
        assertEquals(0, run.exitCode(), run.err());
        return run.out();
    }

    /** Class, title, style and text of every drawn frame. */
    private static List<String[]> frames(String dom) {
        Matcher m = Pattern.compile("<div class=\"(frame[^\"]*)\" title=\"([^\"]*)\" style=\"([^\"]*)\">([^<]*)</div>", Pattern.DOTALL)
                .matcher(dom);
        List<String[]> frames = new ArrayList<>();
        while (m.find()) {
            frames.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        assertFalse(frames.isEmpty(), "no frames drawn:\n" + head(dom));
        return frames;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String head(String dom) {
        return dom.length() > 4000 ? dom.substring(0, 4000) + "..." : dom;
    }
}
