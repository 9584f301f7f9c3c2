package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.it.app.KeptAndTemporaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit dump is settled by default: a program's kept objects lead it, above the temporaries it
 * allocated many times more of; {@code dumpOnExit.gc=false} gives Python's snapshot, temporaries
 * and all. Epsilon (a collector that never collects) keeps every temporary, so what the unsettled
 * dump holds does not depend on when collections happened to run.
 */
class SettledSnapshotTest {
    private static final SourceMarkers SITES = SourceMarkers.of(KeptAndTemporaries.class);
    private static final String EPSILON = "-XX:+UseEpsilonGC";

    @TempDir
    Path dir;

    @Test
    void keptObjectsLeadTheExitDumpAboveTheTemporaries() throws Exception {
        Path dump = dir.resolve("exit.snapshot");
        ForkedJvm.Result result = ForkedJvm.withAgent("dumpOnExit=" + dump).option("-Xmx512m").run(KeptAndTemporaries.class);
        assertEquals(0, result.exitCode(), result::toString);

        Snapshot snapshot = Snapshot.load(dump);
        assertTrue(snapshot.settled(), result::toString);
        List<Statistic> statistics = snapshot.statistics("lineno");
        assertEquals(line("kept"), statistics.get(0).traceback().get(0), statistics.subList(0, 5)::toString);
        assertEquals(KeptAndTemporaries.KEPT, statistics.get(0).count());
        long temporaries = statistics.stream().filter(s -> s.traceback().get(0).equals(line("temporary")))
                .mapToLong(Statistic::count).sum();
        assertTrue(temporaries <= 1, "at most the one temporary live at exit: " + temporaries);

        ExternalPrograms.CliRun top = cli("top", dump.toString(), "--limit", "1");
        assertEquals(0, top.exitCode(), top.toString());
        assertEquals(List.of(
                "Settled: a full collection ran just before this snapshot; its traces are live objects",
                "Top 1 lines"), top.lines().subList(0, 2));
        assertTrue(top.lines().get(2).startsWith("#1: " + KeptAndTemporaries.FILENAME + ":" + line("kept").lineno() + ": "),
                top.out());
    }

    @Test
    void withoutTheCollectionTheTemporariesLeadAndTheDumpSaysItIsNotSettled() throws Exception {
        Path dump = dir.resolve("exit.snapshot");
        ForkedJvm.Result result = ForkedJvm.withAgent("dumpOnExit=" + dump + ",dumpOnExit.gc=false")
                .option("-XX:+UnlockExperimentalVMOptions").option(EPSILON).option("-Xmx512m")
                .run(KeptAndTemporaries.class);
        assertEquals(0, result.exitCode(), result::toString);

        Snapshot snapshot = Snapshot.load(dump);
        assertFalse(snapshot.settled());
        Statistic first = snapshot.statistics("lineno").get(0);
        assertEquals(line("temporary"), first.traceback().get(0));
        assertEquals(KeptAndTemporaries.TEMPORARIES, first.count());
        ExternalPrograms.CliRun top = cli("top", dump.toString(), "--limit", "1");
        assertEquals("Top 1 lines", top.lines().get(0), "CPython's listing, no header line: " + top.out());
    }

    @Test
    void aCollectorThatIgnoresTheRequestLeavesTheDumpUnsettledAndTheAgentSaysSo() throws Exception {
        Path dump = dir.resolve("exit.snapshot");
        ForkedJvm.Result result = ForkedJvm.withAgent("dumpOnExit=" + dump)
                .option("-XX:+UnlockExperimentalVMOptions").option(EPSILON).option("-Xmx512m")
                .run(KeptAndTemporaries.class);
        assertEquals(0, result.exitCode(), result::toString);

        assertFalse(Snapshot.load(dump).settled());
        assertTrue(result.stderr().contains("the exit snapshot in " + dump + " holds dead objects too: the collector ignored"
                + " the request for a full collection (-XX:+DisableExplicitGC, or a collector that never collects, such as Epsilon)"),
                result::toString);
    }

    private static Frame line(String marker) {
        return new Frame(KeptAndTemporaries.FILENAME, SITES.line(marker));
    }

    private ExternalPrograms.CliRun cli(String... args) throws Exception {
        return ExternalPrograms.jtracemalloc(dir, args);
    }
}
