package org.jtracemalloc.cli;

import picocli.CommandLine.Option;

/** How a command takes the snapshot of a running JVM: settled by default, or as it is ({@code --no-gc}). */
final class LiveSnapshotOption {
    @Option(names = "--no-gc",
            description = "For a running JVM: snapshot every traced object not yet collected, dead temporaries included,"
                    + " instead of running a full collection first (the default, which leaves only the live set).")
    boolean noGc;

    /** Whether the target collects garbage before the snapshot. */
    boolean settle() {
        return !noGc;
    }
}
