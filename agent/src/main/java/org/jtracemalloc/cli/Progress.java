package org.jtracemalloc.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

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
        if (!onTerminal()) {
            return new Progress(null);
        }
        err.print(what + " ...");
        err.flush();
        return new Progress(err);
    }

    /**
     * Whether the tool runs on a terminal. Before JDK 22 a console exists only then; from JDK 22
     * on, {@link System#console()} also answers when the streams are redirected, and
     * {@code Console.isTerminal()} (called reflectively: this code runs on 17) tells.
     */
    private static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    void done() {
        if (err != null) {
            err.print("\r\033[K"); // back to the start of the line and clear it
            err.flush();
        }
    }
}
