package org.jtracemalloc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Argument parsing, usage errors and the one-line failures that need no target JVM. */
class MainTest {

    private record Run(int exitCode, String out, String err) {
        /** The stderr lines; a failure must be exactly one. */
        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\\R");
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void withoutCommandPrintsUsageToStderrAndExits2() {
        Run run = run();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("Usage: jtracemalloc"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void helpListsEveryCommand() {
        Run run = run("--help");
        assertEquals(0, run.exitCode());
        for (String command : new String[] {"list", "start", "status", "snapshot", "stop"}) {
            assertTrue(run.out().contains("\n  " + command + " "), command + " missing from:\n" + run.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "start", "status", "snapshot", "stop"})
    void everyCommandHasHelp(String command) {
        Run run = run(command, "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: jtracemalloc " + command), run.out());
        assertEquals("", run.err());
    }

    @Test
    void missingPidIsAUsageError() {
        Run run = run("start");
        assertEquals(2, run.exitCode());
        assertEquals("jtracemalloc start: Missing required parameter: 'PID' (see 'jtracemalloc start --help')", run.err().strip());
    }

    @Test
    void pidMustBeANumber() {
        Run run = run("status", "abc");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("'abc' is not a long"), run.err());
    }

    @Test
    void snapshotNeedsAFile() {
        Run run = run("snapshot", "1");
        assertEquals(2, run.exitCode());
        assertEquals("jtracemalloc snapshot: Missing required parameter: 'FILE' (see 'jtracemalloc snapshot --help')", run.err().strip());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run run = run("frobnicate", "1");
        assertEquals(2, run.exitCode());
        assertEquals("jtracemalloc: unknown command 'frobnicate' (see 'jtracemalloc --help')", run.err().strip());
    }

    @Test
    void extraArgumentIsAUsageError() {
        Run run = run("stop", "1", "2");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nframe", "=3", "include=a,b", "start=false"})
    void malformedSettingIsAUsageErrorNamingIt(String setting) {
        Run run = run("start", "1", "nframe=2", setting);
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().startsWith("jtracemalloc start: Invalid value for KEY=VALUE: '" + setting + "'"), run.err());
    }

    @Test
    void deadPidFailsWithOneLine() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        Run run = run("status", Long.toString(process.pid()));
        assertEquals(1, run.exitCode());
        assertEquals("jtracemalloc: no process with PID " + process.pid() + " (see 'jtracemalloc list')", run.err().strip());
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        Run run = run("stop", Long.toString(process.pid()), "--verbose");
        assertEquals(1, run.exitCode());
        assertTrue(run.errLines().length > 2, run.err());
        assertTrue(run.errLines()[1].startsWith(CommandFailedException.class.getName()), run.err());
    }

    @Test
    void ownJvmIsRefused() {
        Run run = run("stop", Long.toString(ProcessHandle.current().pid()));
        assertEquals(1, run.exitCode());
        assertEquals("jtracemalloc: PID " + ProcessHandle.current().pid() + " is this tool's own JVM", run.err().strip());
    }

    @Test
    void listDoesNotShowItself() {
        Run run = run("list");
        assertEquals(0, run.exitCode());
        assertTrue(!run.out().contains(ProcessHandle.current().pid() + " "), run.out());
    }
}
