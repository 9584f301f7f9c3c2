package org.jtracemalloc.cli;

/**
 * A failure the user sees as one line on stderr (the message), ending the tool with exit code 1.
 * The stack trace is shown only with {@code --verbose}.
 */
class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }

    CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The innermost cause of {@code failure}, on one line: RMI and the attach API wrap the real
     * reason and append the nested exceptions' text, line breaks included.
     */
    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
