package org.jtracemalloc.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.junit.fixtures.BadSettingsFixture;
import org.jtracemalloc.junit.fixtures.RetentionFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/** The extension on fixture test classes, run by the JUnit engine in this JVM (with the agent as set up by the build). */
class TracemallocExtensionTest {
    private static final String FIXTURE_FILE = "org/jtracemalloc/junit/fixtures/RetentionFixture.java";

    private boolean wasTracing;
    private int previousLimit;

    @BeforeEach
    void rememberTracing() {
        wasTracing = Tracemalloc.isTracing();
        previousLimit = Tracemalloc.getTracebackLimit();
    }

    @AfterEach
    void restoreTracingAndForgetLeak() {
        Tracemalloc.stop();
        if (wasTracing) {
            Tracemalloc.start(previousLimit);
        }
        RetentionFixture.forgetLeak();
    }

    @Test
    void aLeakingTestFailsMaxRetainedWithTheLeakingLineFirst() {
        EngineExecutionResults results = run("leaks");
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = results.testEvents().failed().list().get(0)
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();

        assertEquals(AssertionFailedError.class, failure.getClass());
        List<String> lines = failure.getMessage().lines().toList();
        assertTrue(lines.get(0).startsWith("RetentionFixture.leaks() retained "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" B, more than the 1024 B allowed by @MaxRetained,"
                + " include [org/jtracemalloc/junit/fixtures/*]; top lines:"), lines.get(0));
        long retained = Long.parseLong(lines.get(0).split(" ")[2]);
        assertTrue(retained >= RetentionFixture.LEAKED_ARRAYS * 1000L, lines.get(0));
        String leakLine = FIXTURE_FILE + ":" + SourceLines.lineOf("org/jtracemalloc/junit/fixtures/RetentionFixture.java", "leak");
        assertTrue(lines.get(1).startsWith("  " + leakLine + ": size="), lines.get(1));
        assertTrue(lines.get(1).contains(", count=100 (+100), "), lines.get(1));
    }

    @Test
    void aTestThatMakesOnlyGarbagePassesAndReportsNothingRetained() {
        EngineExecutionResults results = run("makesOnlyGarbage");
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertEquals("RetentionFixture.makesOnlyGarbage() retained 0 B in 0 blocks"
                        + " (@MaxRetained: at most 1024 B, include [org/jtracemalloc/junit/fixtures/*])",
                report(results));
    }

    @Test
    void theGrowthIsPublishedAsAReportEntry() {
        EngineExecutionResults results = run("leaks");
        List<String> lines = report(results).lines().toList();
        assertTrue(lines.get(0).startsWith("RetentionFixture.leaks() retained +"), lines.get(0));
        assertTrue(lines.get(1).startsWith("  " + FIXTURE_FILE + ":"), lines.get(1));
    }

    @Test
    void tracingThatWasOffIsStartedWithTheAnnotationsLimitAndStoppedAfterTheTest() {
        Tracemalloc.stop();
        run("recordsTheTracebackLimit").testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertEquals(8, RetentionFixture.limitDuringTest);
        assertFalse(Tracemalloc.isTracing());
    }

    @Test
    void aSmallerRunningLimitIsRaisedByARestartAndTracingStaysOn() {
        Tracemalloc.stop();
        Tracemalloc.start(1);
        run("recordsTheTracebackLimit").testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertEquals(8, RetentionFixture.limitDuringTest);
        assertTrue(Tracemalloc.isTracing());
        assertEquals(8, Tracemalloc.getTracebackLimit());
    }

    @Test
    void aLargerRunningLimitIsKept() {
        Tracemalloc.stop();
        Tracemalloc.start(20);
        run("recordsTheTracebackLimit").testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertEquals(20, RetentionFixture.limitDuringTest);
        assertEquals(20, Tracemalloc.getTracebackLimit());
    }

    @Test
    void annotationValuesOutOfRangeFailTheTestWithOneClearMessage() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(BadSettingsFixture.class)).execute();
        results.testEvents().assertStatistics(stats -> stats.started(2).failed(2));
        List<String> messages = results.testEvents().failed().list().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .map(t -> t.getClass().getSimpleName() + ": " + t.getMessage()).sorted().toList();
        assertEquals(List.of(
                "IllegalArgumentException: @MaxRetained(bytes = -1) on BadSettingsFixture.negativeLimit(): bytes must be >= 0",
                "IllegalArgumentException: @TraceMemory(nframe = 0) on BadSettingsFixture.noFrames(): nframe must be from 1 to 65535"),
                messages);
    }

    private static EngineExecutionResults run(String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(RetentionFixture.class, method)).execute();
    }

    private static String report(EngineExecutionResults results) {
        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().list().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).toList();
        assertEquals(1, entries.size());
        return entries.get(0).getKeyValuePairs().get(TracemallocExtension.REPORT_KEY);
    }
}
