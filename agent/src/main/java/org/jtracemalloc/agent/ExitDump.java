package org.jtracemalloc.agent;

import java.io.IOException;
import java.nio.file.Path;

import org.jtracemalloc.Tracemalloc;

/** Writes a snapshot of the live traces when the JVM exits ({@code dumpOnExit}). */
final class ExitDump implements Runnable {
    private final Path file;

    private ExitDump(Path file) {
        this.file = file;
    }

    static void register(Path file) {
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitDump(file), "jtracemalloc-exit-dump"));
    }

    @Override
    public void run() {
        if (!Tracemalloc.isTracing()) {
            AgentLog.warn("tracing is stopped at exit: no snapshot written to " + file);
            return;
        }
        try {
            Tracemalloc.takeSnapshot().dump(file);
            AgentLog.info("snapshot written to " + file);
        } catch (IOException | RuntimeException e) {
            AgentLog.error("cannot write the exit snapshot to " + file + ": " + e);
        }
    }
}
