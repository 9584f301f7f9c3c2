package org.jtracemalloc.agent;

import java.io.IOException;
import java.nio.file.Path;

import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Tracemalloc;

/**
 * Writes a snapshot of the traces when the JVM exits ({@code dumpOnExit}): by default a settled one,
 * taken after a full collection, so that what the program kept is not buried under the
 * temporaries it left for the collector ({@code dumpOnExit.gc}).
 */
final class ExitDump implements Runnable {
    private final Path file;
    private final boolean settle;

    private ExitDump(Path file, boolean settle) {
        this.file = file;
        this.settle = settle;
    }

    static void register(Path file, boolean settle) {
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitDump(file, settle), "jtracemalloc-exit-dump"));
    }

    @Override
    public void run() {
        if (!Tracemalloc.isTracing()) {
            AgentLog.warn("tracing is stopped at exit: no snapshot written to " + file);
            return;
        }
        try {
            Snapshot snapshot = settle ? Tracemalloc.takeSettledSnapshot() : Tracemalloc.takeSnapshot();
            snapshot.dump(file);
            if (settle && !snapshot.settled()) {
                AgentLog.warn("the exit snapshot in " + file + " holds dead objects too: the collector ignored the request"
                        + " for a full collection (-XX:+DisableExplicitGC, or a collector that never collects, such as Epsilon)");
            }
            AgentLog.info("snapshot written to " + file);
        } catch (IOException | RuntimeException e) {
            AgentLog.error("cannot write the exit snapshot to " + file + ": " + e);
        }
    }
}
