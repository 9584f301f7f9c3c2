package org.jtracemalloc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The file-reading commands in this JVM: output, usage errors and unusable files. */
class ReportCommandsTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Path snapshotFile(String name, long... sizes) throws IOException {
        List<Trace> traces = new java.util.ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            traces.add(new Trace(0, sizes[i], new Traceback(List.of(
                    new Frame("com/example/Cache.java", 10 + i, "com.example.Cache", "put"),
                    new Frame("com/example/Main.java", 3, "com.example.Main", "main")))));
        }
        Path file = dir.resolve(name);
        new Snapshot(traces, 2).dump(file);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"top", "diff", "collapsed", "pprof", "flamegraph"})
    void everyCommandHasHelp(String command) {
        Run run = run(command, "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Usage: jtracemalloc " + command), run.out());
    }

    @Test
    void topPrintsTheRecipesListing() throws IOException {
        Run run = run("top", snapshotFile("a.snap", 2048, 512, 100).toString(), "--limit", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(String.join(System.lineSeparator(),
                "Top 2 lines",
                "#1: com/example/Cache.java:10: 2.0 KiB",
                "#2: com/example/Cache.java:11: 0.5 KiB",
                "1 other: 0.1 KiB",
                "Total allocated size: 2.6 KiB", ""), run.out());
        assertEquals("", run.err());
    }

    @Test
    void topAndDiffSayWhenSizesAreEstimatesOrAllocationsWereDropped() throws IOException {
        Traceback site = new Traceback(List.of(new Frame("com/example/Cache.java", 10)));
        Path file = dir.resolve("capped.snap");
        new Snapshot(List.of(new Trace(0, 1_048_576, site, 16)), 1, 65_536, 111_234).dump(file);
        Run run = run("top", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(String.join(System.lineSeparator(),
                "Top 10 lines",
                "#1: com/example/Cache.java:10: 1024.0 KiB",
                "Total allocated size: 1024.0 KiB",
                "Sampled: one allocation per 65536 B allocated on average; sizes and counts are estimates",
                "Dropped: 111234 allocations were not traced (the store was at its maxTraces cap or its memory budget); the sizes above leave them out",
                ""), run.out());

        Run diff = run("diff", snapshotFile("exact.snap", 100).toString(), file.toString(), "--limit", "0");
        assertEquals(String.join(System.lineSeparator(),
                "[ Top 0 differences ]",
                "New snapshot: Sampled: one allocation per 65536 B allocated on average; sizes and counts are estimates",
                "New snapshot: Dropped: 111234 allocations were not traced (the store was at its maxTraces cap or its memory budget); the sizes above leave them out",
                ""), diff.out());
    }

    @Test
    void topAndDiffSayWhenTheTracesAreAllocationTotals() throws IOException {
        Traceback site = new Traceback(List.of(new Frame("com/example/Cache.java", 10)));
        Path file = dir.resolve("allocated.snap");
        new Snapshot(List.of(new Trace(0, 4_096_000, site, 100_000)), 1, 0, 0, false, true).dump(file);
        String heading = "Allocation totals: every allocation since tracing started or the traces were cleared,"
                + " dead objects included (size: bytes allocated, count: allocations)";
        assertPrints(run("top", file.toString()), heading, "Top 10 lines", "#1: com/example/Cache.java:10: 4000.0 KiB",
                "Total allocated size: 4000.0 KiB");
        assertPrints(run("diff", file.toString(), file.toString(), "--limit", "1"), "Old snapshot: " + heading,
                "New snapshot: " + heading, "[ Top 1 differences ]",
                "com/example/Cache.java:10: size=4000 KiB (+0 B), count=100000 (+0), average=41 B");
    }

    /** A successful run that printed exactly {@code lines}. */
    private static void assertPrints(Run run, String... lines) {
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(lines), run.out().lines().toList());
    }

    @Test
    void pprofTakesOneAllocationSnapshotAndOneOfLiveBlocks() throws IOException {
        Path live = snapshotFile("live.snap", 64);
        Path allocated = dir.resolve("allocated.snap");
        new Snapshot(Snapshot.load(live).traces(), 2, 0, 0, false, true).dump(allocated);
        Path profile = dir.resolve("heap.pb.gz");
        Run both = run("pprof", allocated.toString(), live.toString(), "-o", profile.toString());
        assertEquals(0, both.exitCode(), both.err());
        assertEquals("wrote 1 allocation totals and 1 live traces to " + profile + System.lineSeparator(), both.out());
        Run twoLive = run("pprof", live.toString(), live.toString(), "-o", profile.toString());
        assertEquals(2, twoLive.exitCode());
        assertEquals("jtracemalloc: " + live + " and " + live + " are both snapshots of live blocks: a heap profile takes"
                + " one of each (snapshot PID FILE --allocated takes an allocation snapshot)", twoLive.err().strip());
    }

    @Test
    void filtersAndKeysReachTheListing() throws IOException {
        Path file = snapshotFile("a.snap", 2048, 512);
        Run excluded = run("top", file.toString(), "--exclude", "com/example/*");
        assertEquals(String.join(System.lineSeparator(), "Top 10 lines", "Total allocated size: 0.0 KiB", ""), excluded.out());
        Run byFile = run("top", file.toString(), "--key", "filename");
        assertTrue(byFile.out().contains("#1: com/example/Cache.java:0: 2.5 KiB"), byFile.out());
        // The caller's file matches only with --all-frames, as Python's Filter(all_frames=True).
        Run callerOnly = run("top", file.toString(), "--include", "com/example/Main.java");
        assertTrue(callerOnly.out().endsWith("Total allocated size: 0.0 KiB" + System.lineSeparator()), callerOnly.out());
        Run callerAnywhere = run("top", file.toString(), "--include", "com/example/Main.java", "--all-frames");
        assertTrue(callerAnywhere.out().endsWith("Total allocated size: 2.5 KiB" + System.lineSeparator()), callerAnywhere.out());
        Run excludedAnywhere = run("diff", file.toString(), file.toString(), "--exclude", "com/example/Main.java", "--all-frames");
        assertEquals(0, excludedAnywhere.exitCode(), excludedAnywhere.err());
        assertFalse(excludedAnywhere.out().contains("Cache.java"), excludedAnywhere.out());
        Run otherDomain = run("top", file.toString(), "--domain", "1");
        assertTrue(otherDomain.out().endsWith("Total allocated size: 0.0 KiB" + System.lineSeparator()), otherDomain.out());
    }

    @Test
    void diffShowsSignedChanges() throws IOException {
        Run run = run("diff", snapshotFile("old.snap", 100).toString(), snapshotFile("new.snap", 2148, 512).toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(String.join(System.lineSeparator(),
                "[ Top 10 differences ]",
                "com/example/Cache.java:10: size=2148 B (+2048 B), count=1 (+0), average=2148 B",
                "com/example/Cache.java:11: size=512 B (+512 B), count=1 (+1), average=512 B", ""), run.out());
    }

    @Test
    void collapsedPrintsFoldedStacks() throws IOException {
        Run run = run("collapsed", snapshotFile("a.snap", 64, 32).toString());
        assertEquals(String.join(System.lineSeparator(),
                "com.example.Main.main (Main.java:3);com.example.Cache.put (Cache.java:10) 64",
                "com.example.Main.main (Main.java:3);com.example.Cache.put (Cache.java:11) 32", ""), run.out());
    }

    @Test
    void pprofAndFlamegraphWriteTheirFiles() throws IOException {
        Path snapshot = snapshotFile("a.snap", 64);
        Path profile = dir.resolve("p.pb.gz");
        assertEquals(0, run("pprof", snapshot.toString(), "-o", profile.toString()).exitCode());
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(profile))) {
            assertArrayEquals(new byte[] {0x0A}, new byte[] {in.readNBytes(1)[0]}, "a Profile starting with sample_type");
        }
        Path page = dir.resolve("r.html");
        assertEquals(0, run("flamegraph", snapshot.toString(), "--diff", snapshot.toString(), "-o", page.toString()).exitCode());
        assertTrue(Files.readString(page).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void missingFileIsOneLineAndExitCode2() {
        Path missing = dir.resolve("missing.snap");
        Run run = run("top", missing.toString());
        assertEquals(2, run.exitCode());
        assertEquals("jtracemalloc: no such file: " + missing + System.lineSeparator(), run.err());
    }

    @Test
    void corruptFileIsOneLineAndExitCode2StackTraceOnlyWhenVerbose() throws IOException {
        Path corrupt = Files.writeString(dir.resolve("corrupt.snap"), "not a snapshot");
        Run run = run("collapsed", corrupt.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("jtracemalloc: " + corrupt + ": "), run.err());
        Run verbose = run("collapsed", corrupt.toString(), "--verbose");
        assertEquals(2, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }

    @Test
    void wrongOptionsAreUsageErrors() throws IOException {
        String file = snapshotFile("a.snap", 64).toString();
        Run key = run("top", file, "--key", "line");
        assertEquals(2, key.exitCode());
        assertEquals("jtracemalloc top: --key: unknown key_type: 'line' (lineno, filename or traceback) (see 'jtracemalloc top --help')",
                key.err().strip());
        Run cumulative = run("diff", file, file, "--key", "traceback", "--cumulative");
        assertEquals(2, cumulative.exitCode());
        assertTrue(cumulative.err().startsWith("jtracemalloc diff: --cumulative cannot be used with --key traceback"), cumulative.err());
        Run negative = run("top", file, "--limit", "-1");
        assertEquals(2, negative.exitCode());
        Run noOutput = run("pprof", file);
        assertEquals(2, noOutput.exitCode());
        assertTrue(noOutput.err().contains("'-o=PROFILE'"), noOutput.err());
    }
}
