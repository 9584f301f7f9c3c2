package org.jtracemalloc.cli;

/**
 * A failure the user sees as one line on stderr (the message), ending the tool with exit code 1.
 * The stack trace is shown only with {@code --verbose}.
 */
final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }

    CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
