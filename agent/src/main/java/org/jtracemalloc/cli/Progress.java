package org.jtracemalloc.cli;

import java.io.PrintWriter;

/**
 * A note on stderr while long work runs (reading a large file, the target writing a snapshot),
 * erased when it is done; only when the tool runs on a terminal, so that scripts and redirected
 * output never see it.
 */
final class Progress {
    private final PrintWriter err;

    private Progress(PrintWriter err) {
        this.err = err;
    }

    static Progress start(PrintWriter err, String what) {
        if (System.console() == null) {
            return new Progress(null);
        }
        err.print(what + " ...");
        err.flush();
        return new Progress(err);
    }

    void done() {
        if (err != null) {
            err.print("\r\033[K"); // back to the start of the line and clear it
            err.flush();
        }
    }
}
