package org.jtracemalloc.cli;

import org.jtracemalloc.SizeFormat;

/** A byte count as the tool prints it: exact, then as tracemalloc formats sizes when that differs. */
final class Bytes {
    private Bytes() {}

    static String describe(long bytes) {
        String exact = bytes + " B";
        String formatted = SizeFormat.format(bytes, false);
        return formatted.equals(exact) ? exact : exact + " (" + formatted + ")";
    }
}
