package org.jtracemalloc.cli;

/**
 * An input the user named that cannot be used: a missing, unreadable or corrupt snapshot file. One
 * line on stderr and exit code 2, like wrong usage, since the command line itself is what to fix.
 */
final class UnusableInputException extends CommandFailedException {
    private static final long serialVersionUID = 1L;

    UnusableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
