package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Traceback;
import org.jtracemalloc.it.ExternalPrograms.CliRun;
import org.jtracemalloc.it.app.AllocationLoopTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allocation snapshots with the real agent, on the bench module's allocation loop (its source,
 * compiled here, since the bench module is built after these tests): each line that allocates one
 * object per iteration is counted exactly, dead objects included, and printed in tracemalloc's
 * format; the dump says what it is, and the report commands say it too.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AllocationSnapshotTest {
    private static final Path LOOP_SOURCES = Path.of(System.getProperty("jtracemalloc.project.root"),
            "bench/src/main/java/org/jtracemalloc/bench/workload");
    private static final String LOOP_CLASS = "org.jtracemalloc.bench.workload.AllocationLoop";
    private static final String LOOP_FILE = "org/jtracemalloc/bench/workload/AllocationLoop.java";
    private static final String APP_FILE = "org/jtracemalloc/it/app/AllocationLoopTotals.java";
    /** bench/run.sh's ALLOC_ITERATIONS. */
    private static final int ITERATIONS = 200_000;
    private static final String DUMP = "allocated.snapshot";

    @TempDir
    Path dir;

    @Test
    void theBenchLoopsLinesAllocateExactlyOnceAnIteration() throws Exception {
        ForkedJvm.Result result = runLoop();
        Path dump = dir.resolve(DUMP);

        SourceMarkers loop = SourceMarkers.of(LOOP_SOURCES.resolve("AllocationLoop.java"));
        SourceMarkers app = SourceMarkers.of(AllocationLoopTotals.class);
        for (String site : List.of("map", "list", "pair")) {
            // One object of the kind, kept by the program, gives the JVM's size of it.
            long size = oneObjectSize(result, APP_FILE + ":" + app.line(site));
            Traceback line = new Traceback(List.of(new Frame(LOOP_FILE, loop.line(site))));
            String expected = "allocated " + new Statistic(line, ITERATIONS * size, ITERATIONS);
            assertTrue(result.stdout().contains(expected), expected + " in\n" + result);
        }

        Snapshot loaded = Snapshot.load(dump);
        assertTrue(loaded.isAllocationSnapshot());
        CliRun top = ExternalPrograms.run(dir, List.of(ForkedJvm.JAVA.toString(), "-jar", ForkedJvm.AGENT_JAR.toString(),
                "top", dump.toString(), "--include", "*/AllocationLoop.java", "--limit", "3"), Map.of());
        assertEquals(0, top.exitCode(), top.err());
        assertEquals("Allocation totals: every allocation since tracing started or the traces were cleared, dead objects"
                + " included (size: bytes allocated, count: allocations)", top.lines().get(0), top.out());
        assertEquals("Top 3 lines", top.lines().get(1), top.out());
    }

    /** The bench loop under the agent (nframe=1), its allocation snapshot dumped to {@link #DUMP}. */
    private ForkedJvm.Result runLoop() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("nframe=1").classPath(compiledLoop())
                .run(AllocationLoopTotals.class, LOOP_CLASS, Integer.toString(ITERATIONS), dir.resolve(DUMP).toString());
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    /** The size of the one object counted at {@code fileAndLine} in the live snapshot. */
    private static long oneObjectSize(ForkedJvm.Result result, String fileAndLine) {
        Pattern live = Pattern.compile("live " + Pattern.quote(fileAndLine) + ": size=([0-9]+) B, count=1, .*");
        for (String text : result.stdout()) {
            Matcher matcher = live.matcher(text);
            if (matcher.matches()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        throw new AssertionError("no live statistic of one object at " + fileAndLine + " in\n" + result);
    }

    /** The bench loop and what it uses, compiled for the JDK running the tests. */
    private Path compiledLoop() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("loop-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString()));
        arguments.add(LOOP_SOURCES.resolve("AllocationLoop.java").toString());
        arguments.add(LOOP_SOURCES.resolve("WorkloadTime.java").toString());
        assertEquals(0, javac.run(null, null, null, arguments.toArray(new String[0])), "javac of the bench loop");
        return classes;
    }
}
